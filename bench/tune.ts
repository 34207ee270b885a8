// `npm run tune`: grid-searches the matcher's settings on the TUNING part of the evaluation and prints the
// best ones. It runs the exact pipeline `npm run ask` runs (Bot.ask, then the plain renderer) and never sees
// the held-out part, which the gate in tests/eval and the README report. The defaults in
// src/core/match/options.ts come from here (docs/knowledge.md, "Evaluation").

import { answerWith } from '../eval/answerer.js';
import { type EvalReport, evaluate, formatReport, loadEvalSet, onlyPart } from '../eval/evaluate.js';
import {
  createBot,
  DEFAULT_MATCH_OPTIONS,
  loadKnowledge,
  ManualClock,
  type MatchOptions,
} from '../src/core/index.js';

const knowledge = loadKnowledge();
const tuning = onlyPart(loadEvalSet(), 'tuning');
const clock = new ManualClock('2026-12-01T12:00:00Z');
const range = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.round((to - from) / step) + 1 },
    (_, i) => Math.round((from + i * step) * 1000) / 1000,
  );

// `npm run tune -- --misses`: the tuning part's report at today's settings, every miss listed, for a curator
// deciding what to add. Still the tuning part only.
if (process.argv.includes('--misses')) {
  const bot = createBot({ knowledge, clock });
  console.log(
    formatReport(
      evaluate(tuning, answerWith(bot), () => ''),
      'tuning part',
    ),
  );
  process.exit(0);
}

interface Row {
  opts: MatchOptions;
  report: EvalReport;
}
const rows: Row[] = [];
// Rank-level settings (a new matcher each) times decision-level ones; each point runs the whole pipeline.
const grid = {
  pairWeight: [0, 0.3],
  phrasingWeight: [0.5, 0.6, 0.7],
  threshold: range(0.3, 0.46, 0.04),
  margin: [0.02, 0.04, 0.06],
  closeBonus: [0.05, 0.1, 0.2],
};
for (const pairWeight of grid.pairWeight)
  for (const phrasingWeight of grid.phrasingWeight)
    for (const threshold of grid.threshold)
      for (const margin of grid.margin)
        for (const closeBonus of grid.closeBonus) {
          const opts = {
            ...DEFAULT_MATCH_OPTIONS,
            pairWeight,
            phrasingWeight,
            threshold,
            margin,
            closeBonus,
          };
          const bot = createBot({ knowledge, clock, match: opts });
          rows.push({ opts, report: evaluate(tuning, answerWith(bot), () => '') });
        }
// Confidently wrong answers cost most: a missed answer gets a "did you mean", a wrong one misleads.
const score = ({ report: r }: Row) =>
  r.answered.rate + r.declined.rate + r.twoPart.rate * 0.5 - r.confidentWrong.rate * 4;
rows.sort((x, y) => score(y) - score(x));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
for (const { opts: o, report: r } of rows.slice(0, 10)) {
  console.log(
    `answered ${pct(r.answered.rate)} declined ${pct(r.declined.rate)} two-part ${pct(r.twoPart.rate)} wrong ${pct(r.confidentWrong.rate)}  threshold ${o.threshold} margin ${o.margin} closeBonus ${o.closeBonus} phrasingWeight ${o.phrasingWeight} pairWeight ${o.pairWeight}`,
  );
}
console.log('best:', JSON.stringify(rows[0]?.opts));
