import { describe, expect, it } from 'vitest';
import { phraseEdges } from '../../../src/core/smalltalk-edges.js';

const phrases = ['good morning', 'hi', 'thanks a lot', 'thank you', 'danke'];
const edges = phraseEdges(phrases);

describe('phraseEdges', () => {
  it('says a greeting may start a message, after mentions and in any case', () => {
    expect(edges.mayStart('hi, are my DMs used?')).toBe(true);
    expect(edges.mayStart('<@U0123> <#C1> GOOD morning all')).toBe(true);
    // "\b" ends a phrase before a letter outside ASCII, so "hi" may start "hié".
    expect(edges.mayStart('hié there')).toBe(true);
  });

  it('says a message whose first run begins no phrase cannot start with one', () => {
    expect(edges.mayStart('are my DMs used? hi')).toBe(false);
    expect(edges.mayStart('<@U0123> , hi')).toBe(false);
    expect(edges.mayStart('')).toBe(false);
  });

  it('says thanks may end a message only when its last run is a phrase word, folded like /iu', () => {
    expect(edges.mayEnd('are my DMs used? Thanks a LOT!!')).toBe(true);
    expect(edges.mayEnd('are my DMs used?? danke :)')).toBe(true);
    // The long s and the Kelvin sign fold to ASCII letters under case-insensitive Unicode matching.
    expect(edges.mayStart('THAN\u212A you, are DMs used?')).toBe(true);
    expect(edges.mayEnd('ok dan\u212ae')).toBe(true);
    expect(edges.mayEnd('are my DMs used?')).toBe(false);
    expect(edges.mayEnd('ok, dankeschön')).toBe(false);
  });

  it('never says no where the expressions match, and its end window finds the same match (random messages)', () => {
    const alternatives = phrases.map((p) => p.split(' ').join('[\\s\\p{P}]+')).join('|');
    const start = new RegExp(`^((?:<[@#!][^>\\s]*>\\s*)*)(?:${alternatives})\\b[\\s\\p{P}]*(?=\\S)`, 'iu');
    const end = new RegExp(`(?<=\\S)[\\s\\p{P}]+(?:${alternatives})[\\s\\p{P}]*$`, 'iu');
    const parts = [
      'hi',
      'HI',
      'good',
      'Morning',
      'thanks',
      'a',
      'lot',
      'danke',
      'é',
      'ſ',
      '\u212a',
      '<@U1>',
      '!',
      ',',
      ' ',
      '?',
      'x',
      '😀',
      '—',
    ];
    let seed = 3;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let j = 0; j < 1 + Math.floor(next() * 7); j++)
        text += `${parts[Math.floor(next() * parts.length)]}${next() < 0.5 ? ' ' : ''}`;
      if (start.test(text)) {
        matched++;
        expect(edges.mayStart(text), text).toBe(true);
      }
      if (end.test(text)) {
        matched++;
        expect(edges.mayEnd(text), text).toBe(true);
      }
      // The end expression run on the window alone removes exactly what it removes from the whole text.
      const cut = edges.endWindow(text);
      expect(text.slice(0, cut) + text.slice(cut).replace(end, ''), text).toBe(text.replace(end, ''));
    }
    expect(matched).toBeGreaterThan(1_000);
  });
});
