// Answer templates: {{fact.X}} is resolved once at load; {{date.X}}, {{countdown}} and {{since}} depend on
// the clock and are resolved per answer, dates becoming `{date:N}` markers the adapters localise.
import type { ReplyDate } from '../reply.js';

const FACT = /\{\{\s*fact\.([A-Za-z0-9]+)\s*\}\}/g;
const DATE = /\{\{\s*date\.([a-z0-9-]+)\s*\}\}/g;
const ANY = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Resolve {{fact.X}}; returns the text and the names that were not found. */
export function resolveFacts(
  text: string,
  values: Record<string, string>,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(FACT, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.push(`fact.${name}`);
      return whole;
    }
    return value;
  });
  return { text: out, missing };
}

/** Placeholders left after facts were resolved that the answer-time renderer will not understand. */
export function unknownPlaceholders(
  text: string,
  dates: Record<string, unknown>,
  allowed: string[],
): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(ANY)) {
    const name = m[1] ?? '';
    if (name.startsWith('date.') && name.slice(5) in dates) continue;
    if (allowed.includes(name)) continue;
    bad.push(name);
  }
  return bad;
}

export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

export function toReplyDate(date: Date): ReplyDate {
  return { iso: date.toISOString(), unix: Math.floor(date.getTime() / 1000), fallback: formatDate(date) };
}

/** Turn {{date.X}} into `{date:N}` markers (appending to `dates`) and fill the clock-dependent words. */
export function renderTemplate(
  text: string,
  ctx: { dates: Readonly<Record<string, Date>>; words: Record<string, string> },
  out: ReplyDate[],
): string {
  return text
    .replace(DATE, (whole, name: string) => {
      const date = ctx.dates[name];
      if (!date) return whole;
      const at = out.findIndex((d) => d.unix === Math.floor(date.getTime() / 1000));
      if (at >= 0) return `{date:${at}}`;
      out.push(toReplyDate(date));
      return `{date:${out.length - 1}}`;
    })
    .replace(ANY, (whole, name: string) => ctx.words[name] ?? whole);
}
