// Run in its own process by the benchmark, loading the knowledge the way `ask` and `npm start` do: answer
// every question given on stdin (one a line), optionally on an inflated knowledge base, then report the
// peak resident set size.

import { readFileSync } from 'node:fs';
import { createBot, loadKnowledgeFast } from '../src/core/index.js';
import { inflateKnowledge } from './synthetic.js';

const size = Number(process.argv[2] ?? 0);
const base = await loadKnowledgeFast();
const bot = createBot({ knowledge: size > 0 ? inflateKnowledge(base, size) : base });
for (const q of readFileSync(0, 'utf8').split('\n')) bot.ask(q);
process.stdout.write(`${JSON.stringify({ maxRssMb: peakRssMb() })}\n`);

/**
 * This process's own peak RSS. On Linux getrusage's maxRSS survives exec, so a child spawned by a large
 * parent (the benchmark) would report the parent's size; VmHWM belongs to this process's memory map alone.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm?.[1]) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}
