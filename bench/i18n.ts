// The languages' benchmark: answer time per language beside English (one bot with every language loaded),
// the cold start of `ask` per language against `node -e 0` and against English, and the peak memory of one
// `ask --jsonl` process that has answered in all eight languages (so each is loaded) beside one that has
// answered in English only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadEvalSet } from '../eval/evaluate.js';
import { loadI18nSet } from '../eval/i18n.js';
import { createBot, createLanguages, type Knowledge, ManualClock } from '../src/core/index.js';
import { spawnMs } from './core.js';
import { fmt, ratio, summarise, timeEach } from './stats.js';

const ROUNDS = 10;
const COLD_RUNS = 5;

/** The questions of each language: English from eval/*.yaml, the others from eval/i18n/<lang>.yaml. */
function questionsByLanguage(): Map<string, string[]> {
  const byLang = new Map<string, string[]>([['en', loadEvalSet().items.map((i) => i.q)]]);
  for (const item of loadI18nSet()) {
    const list = byLang.get(item.language) ?? [];
    list.push(item.q);
    byLang.set(item.language, list);
  }
  return byLang;
}

/** Answer times per language, rounds interleaved so machine noise hits every language alike. */
function answerTimes(knowledge: Knowledge, byLang: Map<string, string[]>) {
  const languages = createLanguages(knowledge, {
    onProblems: (code, problems) => {
      throw new Error(`${code} does not load: ${problems.slice(0, 3).join('; ')}`);
    },
  });
  const bot = createBot({ knowledge, languages, clock: new ManualClock('2026-12-01T12:00:00Z') });
  for (const qs of byLang.values()) timeEach(qs.slice(0, 5), 1, (q) => bot.ask(q));
  const samples = new Map<string, number[]>([...byLang.keys()].map((c) => [c, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [code, qs] of byLang) samples.get(code)?.push(...timeEach(qs, 1, (q) => bot.ask(q)));
  return new Map([...samples].map(([code, s]) => [code, summarise(s)]));
}

/** Cold `ask` for one question per language, each round `node -e 0` and every language in turn. */
function coldAsks(byLang: Map<string, string[]>) {
  const probes = [...byLang].map(([code, qs]) => ({ code, q: qs[0] ?? '' }));
  // The warm-up also writes the snapshots a first run after a build or an edit would write.
  for (const p of probes) spawnMs(['dist/app/ask.js', p.q]);
  const empty: number[] = [];
  const times = new Map<string, number[]>(probes.map((p) => [p.code, []]));
  const vsEnglish = new Map<string, number[]>(probes.map((p) => [p.code, []]));
  for (let r = 0; r < COLD_RUNS; r++) {
    empty.push(spawnMs(['-e', '0']));
    const round = new Map(probes.map((p) => [p.code, spawnMs(['dist/app/ask.js', p.q])]));
    const en = round.get('en') ?? Number.NaN;
    for (const [code, ms] of round) {
      times.get(code)?.push(ms);
      vsEnglish.get(code)?.push(ms / en);
    }
  }
  return { probes, empty: summarise(empty), times, vsEnglish };
}

/**
 * The peak resident set (VmHWM) of a real `ask --jsonl` process after it answered `questions`, read from
 * /proc while it still runs (a parent cannot read a finished child's peak from Node).
 */
function askProcessPeakMb(questions: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/app/ask.js', '--jsonl'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('ask --jsonl did not answer in 120 s'));
    }, 120_000);
    let lines = 0;
    let peak = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines++;
      if (lines < questions.length || !Number.isNaN(peak)) return;
      const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      peak = Number(hwm?.[1] ?? Number.NaN) / 1024;
      child.stdin.end();
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (Number.isNaN(peak)) reject(new Error('ask --jsonl ended before answering every question'));
      else resolve(peak);
    });
    child.stdin.write(`${questions.map((q) => q.replace(/\s+/g, ' ')).join('\n')}\n`);
  });
}

export async function benchI18n(knowledge: Knowledge, out: (line: string) => void): Promise<void> {
  const byLang = questionsByLanguage();
  const answers = answerTimes(knowledge, byLang);
  const cold = coldAsks(byLang);
  const all = [...byLang.values()].flat();
  const allPeak = await askProcessPeakMb(all);
  const englishPeak = await askProcessPeakMb(byLang.get('en') ?? []);

  out(
    `## Languages (${all.length} questions in ${byLang.size} languages; ${ROUNDS} rounds; ${COLD_RUNS} cold runs each)`,
  );
  out('');
  out(
    '| language | questions | median per answer | p99 per answer | cold `ask` median | cold ask / `node -e 0` | cold ask / English (paired) |',
  );
  out('|---|---|---|---|---|---|---|');
  for (const [code, qs] of byLang) {
    const a = answers.get(code);
    const c = summarise(cold.times.get(code) ?? []);
    const e = summarise(cold.vsEnglish.get(code) ?? []);
    out(
      `| ${code} | ${qs.length} | ${fmt(a?.median ?? Number.NaN)} | ${fmt(a?.p99 ?? Number.NaN)} | ${fmt(c.median, 0)} | ${ratio(c.median, cold.empty.median)} | ${e.median.toPrecision(3)}x |`,
    );
  }
  out(`| \`node -e 0\` | | | | ${fmt(cold.empty.median, 0)} | 1.00x | |`);
  out('');
  out(`Cold \`ask\` questions: ${cold.probes.map((p) => `${p.code} "${p.q}"`).join('; ')}.`);
  out('');
  out(
    `Peak RSS of one \`ask --jsonl\` process after answering all ${all.length} questions (all eight languages loaded): ${allPeak.toFixed(0)} MB; after the English questions only: ${englishPeak.toFixed(0)} MB.`,
  );
  out('Goals: p99 < 1 ms per language, cold ask < 400 ms in every language, RSS with all eight < 150 MB.');
}
