// Run in its own process by the benchmark, loading the knowledge the way `ask` and `npm start` do: answer
// every question given on stdin (one a line), optionally on an inflated knowledge base, then report the
// peak resident set size.
import { readFileSync } from 'node:fs';
import { createBot } from '../src/bot.js';
import { loadKnowledgeFast } from '../src/knowledge/snapshot.js';
import { inflateKnowledge } from './synthetic.js';

const size = Number(process.argv[2] ?? 0);
const base = await loadKnowledgeFast();
const bot = createBot({ knowledge: size > 0 ? inflateKnowledge(base, size) : base });
for (const q of readFileSync(0, 'utf8').split('\n')) bot.ask(q);
// maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
