// Run in its own process by the benchmark: load, build the bot (optionally on an inflated knowledge base),
// answer every evaluation question, then report the peak resident set size.
import { createBot } from '../src/bot.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { loadEvalSet } from '../tests/eval/evaluate.js';
import { inflateKnowledge } from './synthetic.js';

const size = Number(process.argv[2] ?? 0);
const base = loadKnowledge();
const bot = createBot({ knowledge: size > 0 ? inflateKnowledge(base, size) : base });
const set = loadEvalSet();
for (const q of [...set.answerable.map((a) => a.q), ...set.offtopic]) bot.ask(q);
// maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
