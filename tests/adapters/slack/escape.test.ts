// Text crossing the Slack boundary: Slack markup in, escaped text out, and button values from outside.
import { describe, expect, it } from 'vitest';
import { type ReplyRef, routeQuestion } from '../../../adapters/kit/index.js';
import {
  escapeText,
  MAX_QUESTION_LENGTH,
  toPlainQuestion,
  truncate,
} from '../../../adapters/slack/escape.js';
import { decodeRef, encodeRef } from '../../../adapters/slack/refs.js';

describe('toPlainQuestion', () => {
  it.each([
    ['<@U0BOT0001> how do I opt out', 'how do I opt out'],
    ['<@U0BOT0001|optout> deadline', 'deadline'],
    ['<!here> is it <!subteam^S1|@legal> too late', 'is it too late'],
    ['see <#C123|general> and <https://example.com|this page>', 'see #general and this page'],
    ['link <https://example.com/a?b=1&amp;c=2>', 'link https://example.com/a?b=1&c=2'],
    ['typed &lt;!channel&gt; &amp; more', 'typed <!channel> & more'],
    ['  spaced\n\tout  ', 'spaced out'],
  ])('%j becomes %j', (input, plain) => {
    expect(toPlainQuestion(input)).toBe(plain);
  });

  it('cuts a question longer than anyone asks', () => {
    const plain = toPlainQuestion('why '.repeat(400));
    expect(plain.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
    expect(plain.endsWith('…')).toBe(true);
  });
});

describe('escapeText', () => {
  it('escapes exactly the characters Slack reserves, ampersand first', () => {
    expect(escapeText('<!channel> & <@U1> &amp;')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &amp;amp;');
  });

  it('round-trips through toPlainQuestion', () => {
    const typed = 'a <b> & c';
    expect(toPlainQuestion(escapeText(typed))).toBe(typed);
  });
});

describe('truncate', () => {
  it('never leaves half an emoji', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
  });
});

describe('button references', () => {
  const refs: ReplyRef[] = [
    { kind: 'optout' },
    { kind: 'deadline' },
    { kind: 'help' },
    { kind: 'entry', id: 'too-late' },
    { kind: 'ask', question: 'what about <b> & "quotes"?' },
  ];

  it.each(refs)('%j survives a round trip', (ref) => {
    expect(decodeRef(encodeRef(ref))).toEqual(ref);
  });

  it.each([
    undefined,
    '',
    'not json',
    'null',
    '"string"',
    '{"kind":"delete-everything"}',
    '{"kind":"entry"}',
    '{"kind":"entry","id":42}',
    JSON.stringify({ kind: 'ask', question: 'x'.repeat(MAX_QUESTION_LENGTH + 1) }),
  ])('rejects %j', (value) => {
    expect(decodeRef(value)).toBeUndefined();
  });

  it.each([
    ['', { kind: 'optout' }],
    ['Deadline', { kind: 'deadline' }],
    ['help', { kind: 'help' }],
    ['deadline for the uk', { kind: 'ask', question: 'deadline for the uk' }],
  ])('routes %j to %j', (text, ref) => {
    expect(routeQuestion(text)).toEqual(ref);
  });
});
