// The evaluation in the bot's other languages (eval/i18n/<lang>.yaml): questions written fresh in each
// language by helpers who read only the article and the fact check. Split like the English set (a hash of
// the normalised question), so tuning sees one part and the gate reports the other. A question counts as
// answered right only when the right entry answers, its facts are there and the reply is in the question's
// language; language identification is scored on the short and code-mixed set, from the text alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { answerPlain } from '../adapters/terminal/index.js';
import type { Bot } from '../src/core/index.js';
import { evalDir, type Part, partOf } from './evaluate.js';

const fileSchema = z.strictObject({
  language: z.string(),
  answerable: z.array(
    z.strictObject({ q: z.string(), expect: z.string(), facts: z.array(z.string()).default([]) }),
  ),
  offtopic: z.array(z.strictObject({ q: z.string() })),
  short: z.array(
    z.union([
      z.strictObject({ q: z.string(), expect: z.string() }),
      z.strictObject({ q: z.string(), offtopic: z.literal(true) }),
    ]),
  ),
});

export interface I18nItem {
  language: string;
  kind: 'answerable' | 'offtopic' | 'short';
  q: string;
  /** The entry that must answer, or undefined for a question that must be declined. */
  expect: string | undefined;
  facts: string[];
  part: Part;
  /** The file it comes from ("de-5.yaml"). */
  file: string;
}

export function loadI18nSet(): I18nItem[] {
  const dir = join(evalDir(), 'i18n');
  const items: I18nItem[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const parsed = fileSchema.safeParse(parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new Error(`${join(dir, f)}: ${z.prettifyError(parsed.error)}`);
    const { language } = parsed.data;
    for (const a of parsed.data.answerable)
      items.push({
        language,
        kind: 'answerable',
        q: a.q,
        expect: a.expect,
        facts: a.facts,
        part: partOf(a.q),
        file: f,
      });
    for (const o of parsed.data.offtopic)
      items.push({
        language,
        kind: 'offtopic',
        q: o.q,
        expect: undefined,
        facts: [],
        part: partOf(o.q),
        file: f,
      });
    for (const s of parsed.data.short)
      items.push({
        language,
        kind: 'short',
        q: s.q,
        expect: 'expect' in s ? s.expect : undefined,
        facts: [],
        part: partOf(s.q),
        file: f,
      });
  }
  return items;
}

export interface Rate {
  right: number;
  total: number;
  rate: number;
}

export interface LanguageReport {
  language: string;
  /** Answerable questions answered by the right entry, with its facts, in the question's language. */
  answered: Rate;
  /** Off-topic questions not answered. */
  declined: Rate;
  /** A wrong entry answered, or an off-topic question answered, over all answerable and off-topic ones. */
  confidentWrong: Rate;
  /** Short and code-mixed questions whose language the text alone identifies. */
  languageId: Rate;
  /** The same with the platform's hint (the asker's locale) given, as on Discord and Slack. */
  languageIdHinted: Rate;
  /** Answers in another language than the question's. */
  wrongLanguage: number;
  misses: string[];
}

const rate = (right: number, total: number): Rate => ({
  right,
  total,
  rate: total === 0 ? 1 : right / total,
});

export function evaluateLanguage(bot: Bot, items: readonly I18nItem[], language: string): LanguageReport {
  const mine = items.filter((i) => i.language === language);
  let answered = 0;
  let answerable = 0;
  let declined = 0;
  let offtopic = 0;
  let wrong = 0;
  let wrongLanguage = 0;
  const misses: string[] = [];
  for (const item of mine.filter((i) => i.kind !== 'short')) {
    const { reply, text } = answerPlain(bot, item.q);
    const lower = text.toLowerCase();
    const fold = (s: string) =>
      s
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase();
    if (reply.language !== language) wrongLanguage++;
    if (item.kind === 'offtopic') {
      offtopic++;
      if (reply.status === 'answered') {
        wrong++;
        misses.push(`[off-topic answered: ${reply.id}] ${item.q}`);
      } else declined++;
      continue;
    }
    answerable++;
    const declinedAsExpected = reply.status === 'fallback' && reply.id === item.expect;
    if (reply.status !== 'answered' && !declinedAsExpected) {
      misses.push(`[${reply.status}${reply.id ? `: ${reply.id}` : ''}, expected ${item.expect}] ${item.q}`);
      continue;
    }
    if (reply.id !== item.expect) {
      wrong++;
      misses.push(`[wrong entry ${reply.id}, expected ${item.expect}] ${item.q}`);
      continue;
    }
    const lacking = item.facts.filter(
      (f) => !lower.includes(f.toLowerCase()) && !fold(text).includes(fold(f)),
    );
    if (lacking.length > 0) misses.push(`[lacks ${lacking.join(', ')}] ${item.q}`);
    else if (reply.language !== language) misses.push(`[answered in ${reply.language}] ${item.q}`);
    else answered++;
  }
  const short = mine.filter((i) => i.kind === 'short');
  const byText = short.filter((i) => bot.languageOf(i.q) === language).length;
  const hinted = short.filter((i) => bot.languageOf(i.q, { locale: language }) === language).length;
  for (const i of short) {
    const got = bot.languageOf(i.q);
    if (got !== language) misses.push(`[language ${got}] ${i.q}`);
  }
  return {
    language,
    answered: rate(answered, answerable),
    declined: rate(declined, offtopic),
    confidentWrong: rate(wrong, answerable + offtopic),
    languageId: rate(byText, short.length),
    languageIdHinted: rate(hinted, short.length),
    wrongLanguage,
    misses,
  };
}

export function formatLanguageReport(r: LanguageReport, withMisses = false): string {
  const pct = (x: Rate) => `${x.right}/${x.total} (${(x.rate * 100).toFixed(1)}%)`;
  return [
    `${r.language}: answered ${pct(r.answered)}, declined ${pct(r.declined)}, confidently wrong ${pct(r.confidentWrong)}, ` +
      `language id ${pct(r.languageId)} (with the locale hint ${pct(r.languageIdHinted)}), answers in another language ${r.wrongLanguage}`,
    ...(withMisses ? r.misses.map((m) => `    ${m}`) : []),
  ].join('\n');
}
