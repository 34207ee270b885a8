// The core's benchmark: answer time vs. a plain Fuse.js search (default options) over the same knowledge,
// accuracy of both on the evaluation, cold start of `ask` vs. `node -e 0`, peak RSS, and the same figures
// on a knowledge base inflated to 5,000 entries.

import { spawnSync } from 'node:child_process';
import Fuse from 'fuse.js';
import { renderPlain } from '../adapters/terminal/render.js';
import { answerWith } from '../eval/answerer.js';
import { evaluate, loadEvalSet, onlyPart } from '../eval/evaluate.js';
import { createBot, type Knowledge, ManualClock } from '../src/core/index.js';
import { fmt, ratio, summarise, timeEach } from './stats.js';
import { inflateKnowledge } from './synthetic.js';

function baseline(knowledge: Knowledge) {
  const rows = knowledge.entries.flatMap((e) =>
    [e.question, ...e.phrasings].map((text) => ({ id: e.id, text })),
  );
  const fuse = new Fuse(rows, { keys: ['text'] });
  return (q: string) => fuse.search(q, { limit: 1 })[0];
}

/** Wall time of one `node ARGS` run, in milliseconds (the languages' benchmark uses it too). */
export function spawnMs(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function rssMb(size: number, questions: readonly string[]): number {
  const r = spawnSync(process.execPath, ['.build/bench/rss-child.js', String(size)], {
    encoding: 'utf8',
    input: questions.join('\n'),
  });
  const parsed: unknown = JSON.parse(r.stdout.trim());
  if (typeof parsed !== 'object' || parsed === null || !('maxRssMb' in parsed))
    throw new Error('rss-child failed');
  return Number(parsed.maxRssMb);
}

export function benchCore(knowledge: Knowledge, out: (line: string) => void): void {
  const set = loadEvalSet();
  const heldOut = onlyPart(set, 'held-out');
  const questions = set.items.map((i) => i.q);
  const clock = new ManualClock('2026-12-01T12:00:00Z');

  // Plain Fuse.js takes tens of milliseconds per question here (it runs Bitap over every phrasing), so it
  // gets fewer rounds than the core; both are interleaved so machine noise hits them alike.
  const measure = (
    kb: Knowledge,
    rounds: { core: number; plain: number },
    sample: readonly string[] = questions,
  ) => {
    const bot = createBot({ knowledge: kb, clock });
    const plain = baseline(kb);
    timeEach(sample.slice(0, 3), 1, (q) => bot.ask(q));
    timeEach(sample.slice(0, 3), 1, plain);
    const core: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < Math.max(rounds.core, rounds.plain); r++) {
      if (r < rounds.core) core.push(...timeEach(sample, 1, (q) => bot.ask(q)));
      if (r < rounds.plain) base.push(...timeEach(sample, 1, plain));
    }
    return { bot, plain, core: summarise(core), base: summarise(base) };
  };

  const small = measure(knowledge, { core: 30, plain: 1 });
  const topicOf = (id: string) => knowledge.byId.get(id)?.topic ?? '';
  // Accuracy on the held-out part only: the tuning part is what the thresholds were chosen on.
  const coreAcc = evaluate(heldOut, answerWith(small.bot), topicOf);
  const baseAcc = evaluate(
    heldOut,
    (q) => {
      const hit = small.plain(q);
      const reply = hit ? small.bot.answer(hit.item.id) : undefined;
      return reply
        ? { status: reply.status, ids: reply.id ? [reply.id] : [], text: renderPlain(reply) }
        : { status: 'fallback', ids: [], text: '' };
    },
    topicOf,
  );

  // Over 5,000 entries the plain search takes seconds per question: the scaling run uses every 30th question.
  const big = measure(
    inflateKnowledge(knowledge, 5000),
    { core: 3, plain: 1 },
    questions.filter((_, i) => i % 30 === 0),
  );

  const cold: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < 15; i++) {
    cold.push(spawnMs(['dist/app/ask.js', 'how do I opt out']));
    empty.push(spawnMs(['-e', '0']));
  }
  const coldS = summarise(cold);
  const emptyS = summarise(empty);

  // Autocomplete (Discord cannot defer it): what a user has typed so far, at several lengths.
  const partials = questions.flatMap((q) => [q.slice(0, 4), q.slice(0, 12), q.slice(0, 30), q]);
  const complete = summarise(timeEach(partials, 3, (p) => small.bot.suggest(p, 25)));

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  out(
    `## Core answering (${questions.length} evaluation questions timed, ${heldOut.items.length} held out for accuracy, ${knowledge.entries.length} entries)`,
  );
  out('');
  out('| measure | optout-bot core | plain Fuse.js (defaults) | ratio core/plain |');
  out('|---|---|---|---|');
  out(
    `| median per answer | ${fmt(small.core.median)} | ${fmt(small.base.median)} | ${ratio(small.core.median, small.base.median)} |`,
  );
  out(
    `| p99 per answer | ${fmt(small.core.p99)} | ${fmt(small.base.p99)} | ${ratio(small.core.p99, small.base.p99)} |`,
  );
  out(`| answered right | ${pct(coreAcc.answered.rate)} | ${pct(baseAcc.answered.rate)} | |`);
  out(`| off-topic declined | ${pct(coreAcc.declined.rate)} | ${pct(baseAcc.declined.rate)} | |`);
  out(`| two-part, both answered | ${pct(coreAcc.twoPart.rate)} | ${pct(baseAcc.twoPart.rate)} | |`);
  out(
    `| confidently wrong (all questions) | ${pct(coreAcc.confidentWrong.rate)} | ${pct(baseAcc.confidentWrong.rate)} | |`,
  );
  out(
    `| median, 5,000 entries | ${fmt(big.core.median)} | ${fmt(big.base.median)} | ${ratio(big.core.median, big.base.median)} |`,
  );
  out(
    `| p99, 5,000 entries | ${fmt(big.core.p99)} | ${fmt(big.base.p99)} | ${ratio(big.core.p99, big.base.p99)} |`,
  );
  out(
    `| growth ${knowledge.entries.length} -> 5,000 entries (median) | ${ratio(big.core.median, small.core.median)} | ${ratio(big.base.median, small.base.median)} | |`,
  );
  out(
    `| autocomplete, ${partials.length} partial questions | ${fmt(complete.median)} (p99 ${fmt(complete.p99)}) | | |`,
  );
  out('');
  out('| process | median | p99 | ratio |');
  out('|---|---|---|---|');
  out(
    `| cold \`ask\` (node dist/app/ask.js) | ${fmt(coldS.median, 0)} | ${fmt(coldS.p99, 0)} | ${ratio(coldS.median, emptyS.median)} |`,
  );
  out(`| \`node -e 0\` | ${fmt(emptyS.median, 0)} | ${fmt(emptyS.p99, 0)} | 1.00x |`);
  out(`| ask's own cost (difference) | ${fmt(coldS.median - emptyS.median, 0)} | | |`);
  out('');
  out(
    `Peak RSS answering the evaluation: ${rssMb(0, questions).toFixed(0)} MB; with 5,000 entries: ${rssMb(5000, questions).toFixed(0)} MB.`,
  );
  out('Goals: p99 < 1 ms, at most 1.5x the plain search, cold ask < 400 ms, RSS < 100 MB.');
}
