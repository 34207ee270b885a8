import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHROME_ROWS, layoutReply, screenOf } from '../../../adapters/terminal/layout.js';
import { FakeTtyOutput, fixtureReply } from './streams.js';

const source = (n: number, checked = '2025-11-20') => ({
  id: `s${n}`,
  title: `Source number ${n} with a title long enough to need most of a line`,
  checked,
});
const followUps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i + 1}`, question: `Suggested question ${i + 1}?` }));
/** An answer of `lines` short paragraphs: its height is known at any width. */
const answerOf = (lines: number) => Array.from({ length: lines }, (_, i) => `Line ${i + 1}.`).join('\n');

describe('screenOf', () => {
  it("a terminal's size is its columns and rows", () => {
    expect(screenOf(new FakeTtyOutput(100, 30))).toEqual({ columns: 100, rows: 30 });
  });

  it('a stream that is not a terminal is 80 columns with no height to fit', () => {
    expect(screenOf(new PassThrough())).toEqual({ columns: 80, rows: Number.POSITIVE_INFINITY });
  });

  it('a terminal reporting no usable size falls back the same way', () => {
    expect(screenOf(new FakeTtyOutput(0, 0))).toEqual({ columns: 80, rows: Number.POSITIVE_INFINITY });
  });
});

describe('layoutReply', () => {
  it('a reply that fits the screen shows in full, with nothing held', () => {
    const reply = fixtureReply({ followUps: followUps(5), sources: [source(1), source(2)] });
    const laid = layoutReply(reply, { columns: 200, rows: 24 });
    expect(laid.held).toEqual([]);
    expect(laid.shown[0]).toBe('Fixture title');
    expect(laid.shown.filter((l) => /^ {2}\[\d\] /.test(l))).toHaveLength(5);
    expect(laid.shown.at(-1)).toMatch(/^Sources: Source number 1 .*; Source number 2 /);
  });

  const tall = fixtureReply({
    text: answerOf(10),
    followUps: followUps(5),
    sources: [source(1, '2025-10-01'), source(2), source(3)],
  });

  it('a tall reply: full answer, 3 follow-ups and "…and N more", sources on one line; the rest is held', () => {
    const laid = layoutReply(tall, { columns: 80, rows: 24 });
    expect(laid.shown).toEqual([
      'Fixture title',
      ...answerOf(10).split('\n'),
      '',
      'Related:',
      '  [1] Suggested question 1?',
      '  [2] Suggested question 2?',
      '  [3] Suggested question 3?',
      "  …and 2 more: type 'more'",
      '',
      "Sources: 3, checked 2025-10-01 to 2025-11-20 (type 'more' to list them)",
    ]);
    expect(laid.shown.length).toBeLessThanOrEqual(24 - CHROME_ROWS);
    expect(laid.held.slice(0, 4)).toEqual([
      'More suggestions:',
      '  [4] Suggested question 4?',
      '  [5] Suggested question 5?',
      '',
    ]);
    expect(laid.held.slice(4).join(' ')).toMatch(
      /^Sources: Source number 1 .* \(checked 2025-10-01 to 2025-11-20\)$/,
    );
  });

  it('nothing is lost: what is shown and what is held hold every follow-up and source', () => {
    const laid = layoutReply(tall, { columns: 50, rows: 24 });
    const all = [...laid.shown, ...laid.held].join(' ');
    for (const f of tall.followUps) expect(all).toContain(f.question);
    for (const s of tall.sources) expect(all.replace(/\s+/g, ' ')).toContain(s.title);
  });

  it('in a window too narrow for the dates, the collapsed sources line drops them to stay one line', () => {
    const laid = layoutReply(tall, { columns: 50, rows: 24 });
    expect(laid.shown.at(-1)).toBe("Sources: 3 (type 'more' to list them)");
    expect(laid.shown.at(-2)).toBe('');
  });

  it('a tall reply with few follow-ups and one short source has nothing to hold', () => {
    const reply = fixtureReply({
      text: answerOf(30),
      followUps: followUps(2),
      sources: [{ id: 's', title: 'Short', checked: '2025-11-20' }],
    });
    const laid = layoutReply(reply, { columns: 80, rows: 24 });
    expect(laid.held).toEqual([]);
    expect(laid.shown.at(-1)).toBe('Sources: Short (checked 2025-11-20)');
    expect(laid.shown.filter((l) => l.startsWith('  [')).length).toBe(2);
  });

  it('trimming starts exactly where the whole reply stops fitting the screen', () => {
    const full = layoutReply(tall, { columns: 80, rows: Number.POSITIVE_INFINITY }).shown;
    expect(layoutReply(tall, { columns: 80, rows: full.length + CHROME_ROWS }).held).toEqual([]);
    expect(layoutReply(tall, { columns: 80, rows: full.length + CHROME_ROWS - 1 }).held).not.toEqual([]);
  });
});
