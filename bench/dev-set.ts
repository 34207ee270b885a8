// `npm run tune:dev`: the dev set, for choosing matcher settings and matcher code honestly. The tuning part
// has been tuned on (its misses were fixed by phrasings), so it flatters whatever setting it was tuned
// under; the held-out part must not decide anything. Each evaluation batch's TUNING questions, scored with
// the knowledge base as it was before that batch was tuned (read from git), are questions the knowledge
// had never seen, as the held-out part is: a change that helps here generalises.
//
//   npm run tune:dev                                  every batch, English and the seven languages
//   npm run tune:dev -- --match '{"threshold":0.32}'  with settings changed (all languages)
//   npm run tune:dev -- --misses                      every miss listed
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { answerWith } from '../eval/answerer.js';
import { type EvalReport, evaluate, loadEvalSet } from '../eval/evaluate.js';
import { evaluateLanguage, loadI18nSet } from '../eval/i18n.js';
import {
  createBot,
  createLanguages,
  DEFAULT_MATCH_OPTIONS,
  loadKnowledge,
  ManualClock,
  type MatchOptions,
  normalise,
} from '../src/core/index.js';

/** Each batch and the commit that added it, before its tuning round changed the knowledge. */
const BATCHES = [
  { batch: '3', commit: '95d5da6' },
  { batch: '4', commit: '13e97a6' },
  { batch: '5', commit: '9155322' },
  { batch: '6', commit: '4f97c12' },
  { batch: '7', commit: 'ca1361e' },
];
const LANGS = ['de', 'es', 'fr', 'it', 'nl', 'pl', 'pt'];

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const isOption = (k: string): k is keyof MatchOptions => Object.hasOwn(DEFAULT_MATCH_OPTIONS, k);

function parseMatch(raw: string | undefined): Partial<MatchOptions> {
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('--match takes a JSON object of MatchOptions, e.g. {"threshold":0.32}');
  const out: Partial<MatchOptions> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!isOption(k)) throw new Error(`--match: ${k} is not a matcher setting`);
    if (typeof v !== 'number') throw new Error(`--match: ${k} must be a number`);
    out[k] = v;
  }
  return out;
}

/** Two spellings of a text for comparing it with the evaluation's questions: the matcher's and a plain fold. */
const keys = (text: string) => [
  normalise(text),
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim(),
];

/**
 * Removes from the entry files in `folder` every phrasing equal to an evaluation question: an old knowledge
 * base may hold phrasings a later batch's writer happened to ask word for word (they were removed from the
 * knowledge later, when the leak test found them), which would score those questions for free.
 */
function withoutLeaks(folder: string, questions: ReadonlySet<string>): void {
  if (!existsSync(folder)) return;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml'))) {
    const path = join(folder, file);
    const entry: unknown = parse(readFileSync(path, 'utf8'));
    if (typeof entry !== 'object' || entry === null || !('phrasings' in entry)) continue;
    const { phrasings } = entry;
    if (!Array.isArray(phrasings)) continue;
    const kept = phrasings.filter((p) => typeof p !== 'string' || !keys(p).some((k) => questions.has(k)));
    if (kept.length < phrasings.length) writeFileSync(path, stringify({ ...entry, phrasings: kept }));
  }
}

/** The knowledge folder as it was at `commit`, unpacked into a temporary folder. */
function knowledgeAt(commit: string, into: string): string {
  const tar = spawnSync('git', ['archive', commit, 'knowledge'], { maxBuffer: 1 << 28 });
  if (tar.status !== 0)
    throw new Error(`git archive ${commit} failed (a shallow clone lacks it): ${tar.stderr.toString()}`);
  const untar = spawnSync('tar', ['-x', '-C', into], { input: tar.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
  return join(into, 'knowledge');
}

const match = parseMatch(option('--match'));
const misses = process.argv.includes('--misses');
const clock = new ManualClock('2026-12-01T12:00:00Z');
const english = loadEvalSet().items.filter((i) => i.part === 'tuning');
const other = loadI18nSet().filter((i) => i.part === 'tuning' && i.kind !== 'short');
/** Right and total counts summed over batches, per measure. */
type Sums = Record<string, { right: number; total: number }>;
const englishSums: Sums = {};
const others: Sums = {};
function add(into: Sums, rates: Record<string, { right: number; total: number }>): void {
  for (const [name, { right, total }] of Object.entries(rates)) {
    const s = into[name] ?? { right: 0, total: 0 };
    into[name] = { right: s.right + right, total: s.total + total };
  }
}
const show = (sums: Sums) =>
  Object.entries(sums)
    .map(
      ([name, { right, total }]) =>
        `${name} ${right}/${total} ${((100 * right) / Math.max(1, total)).toFixed(1)}%`,
    )
    .join(', ');
const asked = new Set([...loadEvalSet().items, ...loadI18nSet()].flatMap((i) => keys(i.q)));
const tmp = mkdtempSync(join(tmpdir(), 'optout-dev-'));
try {
  for (const { batch, commit } of BATCHES) {
    const dir = knowledgeAt(commit, mkdtempSync(join(tmp, `k${batch}-`)));
    withoutLeaks(join(dir, 'entries'), asked);
    for (const code of LANGS) withoutLeaks(join(dir, 'i18n', code, 'entries'), asked);
    const knowledge = loadKnowledge(dir);
    const bot = createBot({ knowledge, languages: createLanguages(knowledge), clock, match });
    const items = english.filter((i) => i.file === `questions-batch${batch}.yaml`);
    const r: EvalReport = evaluate({ items }, answerWith(bot), () => '');
    add(englishSums, {
      answered: r.answered,
      declined: r.declined,
      'two-part': r.twoPart,
      'confidently wrong': r.confidentWrong,
    });
    if (misses)
      for (const o of r.outcomes.filter((o) => o.verdict !== 'right'))
        console.log(`  en${batch} [${o.why}] ${o.item.q} -> ${o.got.status}:${o.got.ids.join('+')}`);
    const theirs = other.filter((i) => i.file.endsWith(`-${batch}.yaml`));
    for (const code of LANGS) {
      const x = evaluateLanguage(bot, theirs, code);
      add(others, { answered: x.answered, declined: x.declined, 'confidently wrong': x.confidentWrong });
      if (misses) for (const m of x.misses) console.log(`  ${code}${batch} ${m}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`English: ${show(englishSums)}`);
console.log(`seven languages: ${show(others)}`);
