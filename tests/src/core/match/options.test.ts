import { describe, expect, it } from 'vitest';
import { createLanguages, loadKnowledge } from '../../../../src/core/index.js';
import { createMatcher } from '../../../../src/core/match/matcher.js';
import {
  DEFAULT_MATCH_OPTIONS,
  optionsFor,
  TRANSLATED_MATCH_OPTIONS,
} from '../../../../src/core/match/options.js';

const english = loadKnowledge();
const german = createLanguages(english).get('de');

describe('match options per language', () => {
  it('English runs on the defaults; the other languages on their changes; a caller overrides both', () => {
    if (!german) throw new Error('de does not load');
    expect(optionsFor(english)).toEqual(DEFAULT_MATCH_OPTIONS);
    expect(optionsFor(german)).toEqual({ ...DEFAULT_MATCH_OPTIONS, ...TRANSLATED_MATCH_OPTIONS });
    expect(optionsFor(german, { shortStrangers: 0 }).shortStrangers).toBe(0);
  });

  it('a short German question with one word the knowledge lacks still counts as about the policy; in English it does not', () => {
    if (!german) throw new Error('de does not load');
    expect(createMatcher(german).evidence('gilt das auch für meine Zwillinge?')).toBe('short-known');
    expect(createMatcher(german, { shortStrangers: 0 }).evidence('gilt das auch für meine Zwillinge?')).toBe(
      'none',
    );
    expect(createMatcher(english).evidence('does it cover my twins?')).toBe('none');
  });
});
