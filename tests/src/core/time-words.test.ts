// Every text that can name the policy's start date must read right at the clock's moment: a month before,
// on the day, and a year after. Future-tense wording about the start after it passed (or past-tense before
// it) is a confidently wrong answer, however good the rest is.
import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../../adapters/terminal/render.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { relativeWords } from '../../../src/core/knowledge/template.js';
import type { Reply } from '../../../src/core/reply.js';

const knowledge = loadKnowledge();

/** Everything a user can read: every entry, small talk, help, the fallback, follow-up and autocomplete labels. */
function everyText(at: string): Array<{ where: string; text: string }> {
  const bot = createBot({ knowledge, clock: new ManualClock(at) });
  const replies: Array<[string, Reply | undefined]> = [
    ...knowledge.entries.map((e): [string, Reply | undefined] => [e.id, bot.answer(e.id)]),
    ['help', bot.help()],
    ['greeting', bot.ask('hi')],
    ['thanks', bot.ask('thanks')],
    ['fallback', bot.ask('qwertyuiop zxcvbnm')],
    ['deadline()', bot.deadline()],
  ];
  const texts = replies.flatMap(([where, reply]) =>
    reply ? [{ where, text: `${reply.title}\n${renderPlain(reply)}` }] : [],
  );
  texts.push({
    where: 'autocomplete',
    text: bot
      .suggest('', 25)
      .map((c) => c.question)
      .join('\n'),
  });
  return texts;
}

// Tense is judged in the sentences that name the start date, plus phrases that only make sense before it.
const START = '3 November 2025';
const sentences = (text: string) => text.split(/(?<=[.!?:])\s+|\n+/).filter((s) => s.includes(START));
const FUTURE_VERBS =
  /\b(starts|will start|begins|will begin|takes effect|will take effect|from then)\b|\bin \d+ days\b/i;
const FUTURE_ANYWHERE = /\b(how long is left|when does linkedin start|countdown|days left)\b/i;
const PAST_VERBS = /\b(started|took effect|passed|has passed|since)\b|\bago\b/i;
const PAST_ANYWHERE = /\b(when did linkedin start|the start date has passed)\b/i;
/** Wording found anywhere, or in a sentence that names the start date. */
function wording(inSentence: RegExp, anywhere: RegExp) {
  const exec = (t: string) =>
    anywhere.exec(t) ??
    sentences(t)
      .map((s) => inSentence.exec(s))
      .find(Boolean);
  return { exec, test: (t: string) => exec(t) !== undefined && exec(t) !== null };
}
const FUTURE = wording(FUTURE_VERBS, FUTURE_ANYWHERE);
const PAST = wording(PAST_VERBS, PAST_ANYWHERE);

describe('time-aware wording', () => {
  it('a month before the start date, nothing says it already started', () => {
    const wrong = everyText('2025-10-03T09:00:00Z').filter((t) => PAST.test(t.text));
    expect(wrong.map((t) => `${t.where}: ${PAST.exec(t.text)?.[0]}`)).toEqual([]);
  });

  it('on the start date itself, nothing says it is still to come', () => {
    const wrong = everyText('2025-11-03T12:00:00Z').filter((t) => FUTURE.test(t.text));
    expect(wrong.map((t) => `${t.where}: ${FUTURE.exec(t.text)?.[0]}`)).toEqual([]);
  });

  it('a year after the start date, nothing is in the future tense and spans read naturally', () => {
    const texts = everyText('2026-12-01T12:00:00Z');
    const wrong = texts.filter((t) => FUTURE.test(t.text));
    expect(wrong.map((t) => `${t.where}: ${FUTURE.exec(t.text)?.[0]}`)).toEqual([]);
    expect(texts.find((t) => t.where === 'deadline')?.text).toMatch(/over a year ago/);
    expect(texts.some((t) => /\b\d{3,} days\b/.test(t.text))).toBe(false);
  });

  it('relative spans read as a person says them', () => {
    const start = new Date('2025-11-03T00:00:00Z');
    const at = (iso: string) => relativeWords(new Date(iso), start);
    expect(at('2025-10-27T09:00:00Z')).toBe('in 7 days');
    expect(at('2025-11-02T09:00:00Z')).toBe('tomorrow');
    expect(at('2025-11-03T18:00:00Z')).toBe('today');
    expect(at('2025-11-04T01:00:00Z')).toBe('yesterday');
    expect(at('2025-11-24T01:00:00Z')).toBe('3 weeks ago');
    expect(at('2026-03-03T12:00:00Z')).toBe('3 months ago');
    expect(at('2026-11-10T12:00:00Z')).toBe('a year ago');
    expect(at('2026-12-01T12:00:00Z')).toBe('over a year ago');
    expect(at('2027-11-05T12:00:00Z')).toBe('2 years ago');
    expect(at('2028-01-01T12:00:00Z')).toBe('over 2 years ago');
  });
});
