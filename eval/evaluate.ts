// The evaluation: fresh questions (eval/*.yaml) each with the entry that must answer it and facts its
// text must contain, two-part questions that must get both answers, and off-topic questions that must not be
// answered. A fixed split by a hash of each question keeps a held-out part that tuning never sees: the gate
// and the README report the held-out part. Shared by the eval test, `npm run tune` and the benchmark.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { normalise } from '../src/core/index.js';

export const STYLES = ['terse', 'long', 'typos', 'mention', 'plain', 'twopart', 'trap', 'other'] as const;
export type Style = (typeof STYLES)[number];
const style = z.enum(STYLES);

const answerableSchema = z.strictObject({
  q: z.string(),
  expect: z.string(),
  facts: z.array(z.string()).default([]),
  style: style.optional(),
});
const twoPartSchema = z.strictObject({
  q: z.string(),
  expect: z.tuple([z.string(), z.string()]),
  facts: z.array(z.string()).default([]),
  style: style.optional(),
});
const offtopicSchema = z.union([
  z.string().transform((q) => ({ q, style: undefined })),
  z.strictObject({ q: z.string(), style: style.optional() }),
]);
const fileSchema = z.strictObject({
  answerable: z.array(answerableSchema).default([]),
  twopart: z.array(twoPartSchema).default([]),
  offtopic: z.array(offtopicSchema).default([]),
});

export type Part = 'tuning' | 'held-out';

export interface EvalItem {
  kind: 'answerable' | 'twopart' | 'offtopic';
  q: string;
  /** Entries that must answer it: one, two for a two-part question, none for off-topic. */
  expect: string[];
  facts: string[];
  style: Style;
  part: Part;
  file: string;
}

export interface EvalSet {
  items: EvalItem[];
}

/**
 * The split: the first byte of SHA-256 over the normalised question, even for tuning, odd held out. Fixed, so
 * a question never moves between parts, and independent of order, so adding questions moves nothing.
 */
export function partOf(question: string): Part {
  const first = createHash('sha256').update(normalise(question)).digest()[0] ?? 0;
  return first % 2 === 0 ? 'tuning' : 'held-out';
}

/** A style the file does not name is inferred from the text (typos are only known when named). */
function inferStyle(kind: EvalItem['kind'], q: string): Style {
  if (kind === 'twopart') return 'twopart';
  if (kind === 'offtopic') return 'other';
  if (/^\s*<@/.test(q)) return 'mention';
  const words = normalise(q).split(' ').filter(Boolean).length;
  if (words >= 25) return 'long';
  if (words <= 4) return 'terse';
  return 'plain';
}

export function evalDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(join('.build', 'eval')) ? resolve(here, '../../eval') : here;
}

/** Every *.yaml in eval/ (or the given files), merged. */
export function loadEvalSet(files?: string[]): EvalSet {
  const dir = evalDir();
  const paths =
    files ??
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  const items: EvalItem[] = [];
  for (const path of paths) {
    const parsed = fileSchema.safeParse(parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
    const file = path.slice(path.lastIndexOf('/') + 1);
    const add = (kind: EvalItem['kind'], q: string, expect: string[], facts: string[], s?: Style) =>
      items.push({ kind, q, expect, facts, style: s ?? inferStyle(kind, q), part: partOf(q), file });
    for (const a of parsed.data.answerable) add('answerable', a.q, [a.expect], a.facts, a.style);
    for (const t of parsed.data.twopart) add('twopart', t.q, [...t.expect], t.facts, t.style ?? 'twopart');
    for (const o of parsed.data.offtopic) add('offtopic', o.q, [], [], o.style);
  }
  return { items };
}

export function onlyPart(set: EvalSet, part: Part): EvalSet {
  return { items: set.items.filter((i) => i.part === part) };
}

/** What an answerer must give back for scoring. */
export interface EvalAnswer {
  status: 'answered' | 'suggested' | 'fallback';
  /** The entry answered first, then any answered alongside it (two-part replies). */
  ids: string[];
  text: string;
}

export type Verdict = 'right' | 'missed' | 'confident-wrong';

export interface Outcome {
  item: EvalItem;
  got: EvalAnswer;
  verdict: Verdict;
  why: string;
}

/** Score one question: a wrong entry or an answered off-topic question is confidently wrong. */
export function judge(item: EvalItem, got: EvalAnswer): Outcome {
  const text = got.text.toLowerCase();
  const out = (verdict: Verdict, why: string): Outcome => ({ item, got, verdict, why });
  if (item.kind === 'offtopic')
    return got.status === 'answered' ? out('confident-wrong', 'off-topic answered') : out('right', '');
  const [first] = item.expect;
  // A question whose expected entry is a decline entry is right when that entry's reply comes back.
  const declinedAsExpected = got.status === 'fallback' && got.ids[0] === first;
  if (got.status !== 'answered' && !declinedAsExpected) return out('missed', got.status);
  if (item.kind === 'answerable') {
    if (got.ids[0] !== first) return out('confident-wrong', 'wrong entry');
  } else {
    const present = item.expect.filter((id) => got.ids.includes(id));
    if (present.length === 0) return out('confident-wrong', 'wrong entry');
    if (present.length < 2) return out('missed', 'one part only');
  }
  const missingFacts = item.facts.filter((f) => !text.includes(f.toLowerCase()));
  if (missingFacts.length > 0)
    return out('missed', `text lacks ${missingFacts.map((f) => JSON.stringify(f)).join(', ')}`);
  return out('right', '');
}

export interface Tally {
  right: number;
  total: number;
}

export interface EvalReport {
  answered: Tally & { rate: number };
  declined: Tally & { rate: number };
  twoPart: Tally & { rate: number };
  /** Confidently wrong answers over all questions. */
  confidentWrong: Tally & { rate: number };
  byStyle: Map<Style, Tally>;
  byTopic: Map<string, Tally>;
  outcomes: Outcome[];
}

export function evaluate(
  set: EvalSet,
  answer: (q: string) => EvalAnswer,
  topicOf: (id: string) => string,
): EvalReport {
  const outcomes = set.items.map((item) => judge(item, answer(item.q)));
  const tally = (pick: (o: Outcome) => boolean, good: (o: Outcome) => boolean) => {
    const chosen = outcomes.filter(pick);
    const right = chosen.filter(good).length;
    return { right, total: chosen.length, rate: chosen.length === 0 ? 1 : right / chosen.length };
  };
  const isRight = (o: Outcome) => o.verdict === 'right';
  const group = <K>(key: (o: Outcome) => K) => {
    const map = new Map<K, Tally>();
    for (const o of outcomes) {
      const t = map.get(key(o)) ?? { right: 0, total: 0 };
      t.total++;
      if (isRight(o)) t.right++;
      map.set(key(o), t);
    }
    return map;
  };
  const wrong = tally(
    () => true,
    (o) => o.verdict === 'confident-wrong',
  );
  return {
    answered: tally((o) => o.item.kind === 'answerable', isRight),
    declined: tally((o) => o.item.kind === 'offtopic', isRight),
    twoPart: tally((o) => o.item.kind === 'twopart', isRight),
    confidentWrong: wrong,
    byStyle: group((o) => o.item.style),
    byTopic: group((o) => (o.item.kind === 'offtopic' ? 'off-topic' : topicOf(o.item.expect[0] ?? ''))),
    outcomes,
  };
}

export function formatReport(report: EvalReport, title = 'evaluation'): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (t: Tally) => `${t.right}/${t.total}`;
  const misses = report.outcomes.filter((o) => o.verdict !== 'right');
  const show = (o: Outcome) =>
    `  [${o.why}] "${o.item.q}" expected ${o.item.expect.join('+') || 'no answer'}, got ${o.got.status}:${o.got.ids.join('+') || '-'}`;
  return [
    `${title}:`,
    `answered right: ${line(report.answered)} (${pct(report.answered.rate)})`,
    `declined right: ${line(report.declined)} (${pct(report.declined.rate)})`,
    `two-part, both parts: ${line(report.twoPart)} (${pct(report.twoPart.rate)})`,
    `confidently wrong: ${report.confidentWrong.right}/${report.confidentWrong.total} (${pct(report.confidentWrong.rate)})`,
    'by style:',
    ...[...report.byStyle].sort().map(([s, t]) => `  ${s.padEnd(12)} ${line(t)}`),
    'by topic:',
    ...[...report.byTopic].sort().map(([t, s]) => `  ${t.padEnd(12)} ${line(s)}`),
    `confidently wrong answers (${misses.filter((o) => o.verdict === 'confident-wrong').length}):`,
    ...misses.filter((o) => o.verdict === 'confident-wrong').map(show),
    `other misses (${misses.filter((o) => o.verdict === 'missed').length}):`,
    ...misses.filter((o) => o.verdict === 'missed').map(show),
  ].join('\n');
}
