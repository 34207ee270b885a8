import { describe, expect, it } from 'vitest';
import { clauses } from '../../../../src/core/match/clauses.js';

describe('clauses', () => {
  it('splits a two-part question on its joining word', () => {
    expect(clauses('are my CV and my InMail messages used?').map((c) => c.text)).toEqual([
      'are my CV',
      'my InMail messages used?',
    ]);
  });

  it('splits on a spaced "+" (chat shorthand for "and"), but not on a "+" inside a word', () => {
    expect(clauses('is my cv used + are my DMs?').map((c) => c.text)).toEqual([
      'is my cv used',
      'are my DMs?',
    ]);
    expect(clauses('is Google+ affected?').map((c) => c.text)).toEqual(['is Google+ affected?']);
  });

  it('splits two requests joined by ", then", but not a bare "then" inside one', () => {
    expect(clauses('send me the link, then tell me when the form is needed').map((c) => c.text)).toEqual([
      'send me the link',
      'tell me when the form is needed',
    ]);
    expect(clauses('if I opt out then what happens?').map((c) => c.text)).toEqual([
      'if I opt out then what happens?',
    ]);
  });

  it('splits sentences and marks the ones that ask', () => {
    const parts = clauses('I write a weekly post. Is my stuff used for the AI? Thanks a lot.');
    expect(parts.map((c) => [c.text, c.asks])).toEqual([
      ['I write a weekly post.', false],
      ['Is my stuff used for the AI?', true],
      ['Thanks a lot.', false],
    ]);
  });

  it('finds the question after the context in one sentence', () => {
    const parts = clauses('My boss is worried about all of this, so does the setting cover old posts?');
    expect(parts.at(-1)).toEqual({ text: 'so does the setting cover old posts?', asks: true });
  });

  it('carries a short lead-in that asks nothing into the question after it', () => {
    expect(clauses('UK based: are we in scope, and when did it start?').map((c) => c.text)).toEqual([
      'UK based are we in scope',
      'when did it start?',
    ]);
    // A full sentence of context stays a clause of its own, and so does a lead-in with nothing after it.
    expect(clauses('I write a weekly post. Is it used?').map((c) => c.text)).toEqual([
      'I write a weekly post.',
      'Is it used?',
    ]);
    expect(clauses('is it used? thanks a lot').map((c) => c.text)).toEqual(['is it used?', 'thanks a lot']);
  });

  it('caps the number of clauses a pasted essay can produce', () => {
    expect(clauses('is it used? '.repeat(500)).length).toBeLessThanOrEqual(12);
  });
});
