import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS, normalise } from '../../../../src/core/match/normalise.js';
import { stem } from '../../../../src/core/match/stem.js';
import { createSynonymExpander } from '../../../../src/core/match/tokens.js';

describe('normalise', () => {
  it('lowercases, strips accents and punctuation', () => {
    expect(normalise('Résumé, CV & LinkedIn?!')).toBe('resume cv linkedin');
  });
  it('expands contractions so "don\'t" and "do not" meet', () => {
    expect(normalise("I don't want it, can't they stop? it's mine")).toBe(
      'i do not want it can not they stop it is mine',
    );
  });
  it('drops bracketed chat markup (mentions, channel links, custom emoji) and emoji codes', () => {
    expect(normalise('<@U123ABC> <#C1|general> <!here> are :eyes: DMs <a:wave:123> used <@&987>')).toBe(
      'are dms used',
    );
  });
  it('cuts huge input before working on it', () => {
    expect(normalise('a '.repeat(100_000)).length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
  });
});

describe('stem', () => {
  it('brings inflections together', () => {
    expect(stem('messages')).toBe(stem('message'));
    expect(stem('training')).toBe(stem('train'));
    expect(stem('trained')).toBe(stem('train'));
    expect(stem('policies')).toBe(stem('policy'));
  });
});

describe('synonym expansion', () => {
  it('replaces whole-word aliases, longest first', () => {
    const expand = createSynonymExpander(
      new Map([
        ['dm', 'private messages'],
        ['direct message', 'private messages'],
        ['cv', 'resume'],
      ]),
    );
    expect(expand('is my direct message or cv used')).toBe('is my private messages or resume used');
    expect(expand('cvs dmz')).toBe('cvs dmz');
  });
});
