// The evaluation: fresh questions (tests/eval/questions.yaml) each with the entry that must answer it and
// facts its text must contain, plus off-topic questions that must not be answered. Shared by the eval test
// and the benchmark (which scores a plain Fuse.js baseline on the same set).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const evalSetSchema = z.strictObject({
  answerable: z
    .array(z.strictObject({ q: z.string(), expect: z.string(), facts: z.array(z.string()).default([]) }))
    .min(200),
  offtopic: z.array(z.string()).min(50),
});

export type EvalSet = z.infer<typeof evalSetSchema>;

/** questions.yaml beside this file, whether running from tests/eval or dist/tests/eval. */
export function loadEvalSet(file?: string): EvalSet {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = file ?? (here.includes(join('dist', 'tests')) ? resolve(here, '../../../tests/eval') : here);
  return evalSetSchema.parse(parse(readFileSync(file ?? join(path, 'questions.yaml'), 'utf8')));
}

/** What an answerer must give back for scoring. */
export interface EvalAnswer {
  status: 'answered' | 'suggested' | 'fallback';
  id: string | null;
  text: string;
}

export interface Miss {
  question: string;
  expected: string;
  got: string;
  why: string;
}

export interface EvalReport {
  answered: { right: number; total: number; rate: number };
  declined: { right: number; total: number; rate: number };
  byTopic: Map<string, { right: number; total: number }>;
  misses: Miss[];
}

export function evaluate(
  set: EvalSet,
  answer: (q: string) => EvalAnswer,
  topicOf: (id: string) => string,
): EvalReport {
  const misses: Miss[] = [];
  const byTopic = new Map<string, { right: number; total: number }>();
  let right = 0;
  for (const item of set.answerable) {
    const got = answer(item.q);
    const topic = topicOf(item.expect);
    const tally = byTopic.get(topic) ?? { right: 0, total: 0 };
    tally.total++;
    byTopic.set(topic, tally);
    const text = got.text.toLowerCase();
    const missingFacts = item.facts.filter((f) => !text.includes(f.toLowerCase()));
    let why = '';
    if (got.status !== 'answered') why = got.status;
    else if (got.id !== item.expect) why = 'wrong entry';
    else if (missingFacts.length > 0)
      why = `text lacks ${missingFacts.map((f) => JSON.stringify(f)).join(', ')}`;
    if (why)
      misses.push({ question: item.q, expected: item.expect, got: `${got.status}:${got.id ?? '-'}`, why });
    else {
      right++;
      tally.right++;
    }
  }
  let declined = 0;
  for (const q of set.offtopic) {
    const got = answer(q);
    if (got.status !== 'answered') declined++;
    else
      misses.push({
        question: q,
        expected: 'no answer',
        got: `${got.status}:${got.id ?? '-'}`,
        why: 'off-topic answered',
      });
  }
  const rate = (r: number, t: number) => (t === 0 ? 0 : r / t);
  return {
    answered: { right, total: set.answerable.length, rate: rate(right, set.answerable.length) },
    declined: { right: declined, total: set.offtopic.length, rate: rate(declined, set.offtopic.length) },
    byTopic,
    misses,
  };
}

export function formatReport(report: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `answered right: ${report.answered.right}/${report.answered.total} (${pct(report.answered.rate)})`,
    `declined right: ${report.declined.right}/${report.declined.total} (${pct(report.declined.rate)})`,
    'by topic:',
    ...[...report.byTopic].sort().map(([t, s]) => `  ${t.padEnd(12)} ${s.right}/${s.total}`),
    `misses (${report.misses.length}):`,
    ...report.misses.map((m) => `  [${m.why}] "${m.question}" expected ${m.expected}, got ${m.got}`),
  ];
  return lines.join('\n');
}
