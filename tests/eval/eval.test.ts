import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../adapters/cli/render.js';
import { createBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { evaluate, formatReport, loadEvalSet } from './evaluate.js';

const knowledge = loadKnowledge();
const set = loadEvalSet();

describe('answer-quality evaluation', () => {
  it('answers at least 95% of fresh questions right and declines at least 95% of off-topic ones', () => {
    // After the start date: the time-aware entries give their "after" text.
    const bot = createBot({ knowledge, clock: new ManualClock('2025-11-20T12:00:00Z') });
    const report = evaluate(
      set,
      (q) => {
        const reply = bot.ask(q);
        return { status: reply.status, id: reply.id, text: renderPlain(reply) };
      },
      (id) => knowledge.byId.get(id)?.topic ?? 'unknown',
    );
    console.log(formatReport(report));
    expect(report.answered.rate).toBeGreaterThanOrEqual(0.95);
    expect(report.declined.rate).toBeGreaterThanOrEqual(0.95);
  });

  it('every expected entry in the evaluation exists in the knowledge base', () => {
    const unknown = set.answerable.filter((a) => !knowledge.byId.has(a.expect)).map((a) => a.expect);
    expect(unknown).toEqual([]);
  });

  it('a week before the start date, the countdown answers say 7 days', () => {
    const bot = createBot({ knowledge, clock: new ManualClock('2025-10-27T09:00:00Z') });
    for (const q of set.answerable.filter((a) => a.expect === 'deadline').map((a) => a.q)) {
      const reply = bot.ask(q);
      expect(reply.id, q).toBe('deadline');
      expect(renderPlain(reply), q).toMatch(/\b7 days\b/);
    }
    expect(renderPlain(bot.deadline())).toMatch(/\b7 days\b/);
  });
});
