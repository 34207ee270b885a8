// Answer templates: {{fact.X}} is resolved once at load; {{date.X}}, {{countdown}}, {{since}},
// {{tense.X|before|after}} and {{ago.X}} depend on the clock and are resolved per answer, dates becoming
// `{date:N}` markers the adapters localise. Every text that names a policy date uses them, so it reads right
// before the date, on the day and long after (a year later "starts on" would be false).
import type { ReplyDate } from '../reply.js';

const FACT = /\{\{\s*fact\.([A-Za-z0-9]+)\s*\}\}/g;
const DATE = /\{\{\s*date\.([a-z0-9-]+)\s*\}\}/g;
const ANY = /\{\{\s*([^}]*?)\s*\}\}/g;
/** {{tense.start|starts|started}}: the first text before the date, the second from the day itself on. */
const TENSE = /\{\{\s*tense\.([a-z0-9-]+)\|([^|}]*)\|([^}]*)\}\}/g;
/** {{ago.start}}: "in 7 days", "today", "3 weeks ago", "over a year ago". */
const AGO = /\{\{\s*ago\.([a-z0-9-]+)\s*\}\}/g;

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
    if (name.startsWith('ago.') && name.slice(4) in dates) continue;
    const tense = /^tense\.([a-z0-9-]+)\|[^|]*\|[^|]*$/.exec(name);
    if (tense?.[1] !== undefined && tense[1] in dates) continue;
    if (allowed.includes(name)) continue;
    bad.push(name);
  }
  return bad;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** "3 November 2025" (en-GB), "3. November 2025", "3 de noviembre de 2025": the date in UTC, in `locale`. */
export function formatDate(date: Date, locale = 'en-GB'): string {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(locale, f);
  }
  return f.format(date);
}

export function toReplyDate(date: Date, locale = 'en-GB'): ReplyDate {
  return {
    iso: date.toISOString(),
    unix: Math.floor(date.getTime() / 1000),
    fallback: formatDate(date, locale),
  };
}

/** How a language says spans past a year ("over a year ago"), which Intl cannot: `{n}` is the years. */
export interface OverYears {
  ago(years: number): string;
  in(years: number): string;
}

const ENGLISH_OVER: OverYears = {
  ago: (n) => (n === 1 ? 'over a year ago' : `over ${n} years ago`),
  in: (n) => (n === 1 ? 'in over a year' : `in over ${n} years`),
};

const DAY_MS = 86_400_000;
const relatives = new Map<string, Intl.RelativeTimeFormat>();
/**
 * One formatter per locale and style, shared by the composer: `auto` says "today", "tomorrow", "in 7 days";
 * `always` says "1 year ago" where `auto` would say "last year".
 */
export function relativeFormat(locale: string, numeric: 'auto' | 'always' = 'auto'): Intl.RelativeTimeFormat {
  const key = `${numeric}|${locale}`;
  let f = relatives.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric });
    relatives.set(key, f);
  }
  return f;
}

/**
 * How long ago or until `date`, as a person says it: "today", "tomorrow", "in 7 days", "3 weeks ago",
 * "2 months ago", "over a year ago". Whole UTC days; spans past a year say "over" rather than a false "1 year".
 */
export function relativeWords(now: Date, date: Date, locale = 'en', over: OverYears = ENGLISH_OVER): string {
  const relative = relativeFormat(locale);
  const days = Math.round(
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) /
      DAY_MS,
  );
  const abs = Math.abs(days);
  const sign = Math.sign(days);
  if (abs < 14) return relative.format(days, 'day');
  if (abs < 60) return relative.format(sign * Math.floor(abs / 7), 'week');
  if (abs < 365) return relative.format(sign * Math.floor(abs / 30.44), 'month');
  const years = Math.floor(abs / 365.25);
  // A week or more past the whole years is "over a year": 393 days is not "a year ago".
  if (abs - years * 365.25 < 7) {
    // Whole years: "numeric: auto" would say "last year", which reads as the calendar year.
    if (locale !== 'en') return relativeFormat(locale, 'always').format(sign * years, 'year');
    const span = years === 1 ? 'a year' : `${years} years`;
    return sign < 0 ? `${span} ago` : `in ${span}`;
  }
  return sign < 0 ? over.ago(years) : over.in(years);
}

/** The words a template shows to the matcher: both sides of every {{tense}} choice, nothing else. */
export function templateWords(text: string): string {
  return text.replace(TENSE, (_, _name: string, before: string, after: string) => `${before} ${after}`);
}

/** Turn {{date.X}} into `{date:N}` markers (appending to `dates`) and fill the clock-dependent words. */
export function renderTemplate(
  text: string,
  ctx: {
    dates: Readonly<Record<string, Date>>;
    words: Record<string, string>;
    now?: Date;
    /** The reader's language: dates and relative times are written in it. */
    locale?: string;
    over?: OverYears;
  },
  out: ReplyDate[],
): string {
  const now = ctx.now ?? new Date();
  return text
    .replace(TENSE, (whole, name: string, before: string, after: string) => {
      const date = ctx.dates[name];
      if (!date) return whole;
      return startOfUtcDay(now) < startOfUtcDay(date) ? before : after;
    })
    .replace(AGO, (whole, name: string) => {
      const date = ctx.dates[name];
      return date ? relativeWords(now, date, ctx.locale, ctx.over) : whole;
    })
    .replace(DATE, (whole, name: string) => {
      const date = ctx.dates[name];
      if (!date) return whole;
      const at = out.findIndex((d) => d.unix === Math.floor(date.getTime() / 1000));
      if (at >= 0) return `{date:${at}}`;
      out.push(toReplyDate(date, ctx.locale === undefined || ctx.locale === 'en' ? 'en-GB' : ctx.locale));
      return `{date:${out.length - 1}}`;
    })
    .replace(ANY, (whole, name: string) => ctx.words[name] ?? whole);
}

function startOfUtcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
