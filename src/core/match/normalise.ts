// Text normalisation shared by the knowledge loader and the matcher, so both sides see the same tokens.
import { memoLast } from './memo.js';

/** Inputs are cut to this many characters before any work: a 100 kB paste costs no more than a long question. */
export const MAX_INPUT_CHARS = 1_000;

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(i|you|we|they|who|what|there)'ve\b/g, '$1 have'],
  [/\b(i|you|we|they|who|what|there|it|he|she)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they|who|there|it|he|she)'d\b/g, '$1 would'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\b(it|that|what|there|here|who|how|where|when|he|she|linkedin)'s\b/g, '$1 is'],
  [/\blet's\b/g, 'let us'],
  [/'s\b/g, ''],
];

const FOLD: Record<string, string> = { ß: 'ss', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe' };

/**
 * Lowercase, strip accents, chat markup (bracketed mentions and links, emoji codes), contractions and
 * punctuation. Returns space-separated words.
 */
export function normaliseWith(input: string, opts: { contractions?: boolean }): string {
  const s = input.slice(0, MAX_INPUT_CHARS);
  return opts.contractions === false ? plainMemo(s) : englishMemo(s);
}

function normaliseCut(input: string, contractions: boolean): string {
  let s = input;
  s = s
    // Chat markup is angle-bracketed tokens (mentions, channel links, custom emoji): never words of a question.
    .replace(/<[^<>\s]*>/g, ' ')
    .replace(/:[a-z0-9_+-]+:/gi, ' ') // :emoji_codes:
    .replace(/@(here|everyone|channel)\b/gi, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  // Most questions are plain ASCII: they skip the Unicode passes, which cost most of the time here.
  const ascii = !NON_ASCII.test(s);
  if (!ascii) s = s.normalize('NFKD').replace(/\p{M}+/gu, '');
  s = s.toLowerCase();
  if (!ascii) {
    // Letters NFKD keeps whole, folded the way people type them without the special key ("ł" as "l").
    s = s.replace(/[ßłøæœ]/g, (c) => FOLD[c] ?? c).replace(/[\u2018\u2019\u02bc´]/g, "'");
  }
  s = s.replaceAll('`', "'");
  // English contractions only: in French or Italian "l'" and "d'" are elisions, split off below. Every
  // pattern needs an apostrophe except the four spelt without one.
  if (contractions && (s.includes("'") || BARE_CONTRACTION.test(s)))
    for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  // One space for each run of anything else, so no two spaces can meet: only the ends need trimming.
  return s.replace(ascii ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu, ' ').trim();
}

const plainMemo = memoLast(16, (s) => normaliseCut(s, false));
const englishMemo = memoLast(16, (s) => normaliseCut(s, true));

/** Any UTF-16 code unit above ASCII (astral characters are surrogate pairs, also in this range). */
const NON_ASCII = /[\u0080-\uffff]/;
const BARE_CONTRACTION = /\b(?:cant|wont|shant|im)\b/;

/** normaliseWith English rules (contractions expanded); one argument, so it can be passed to `map`. */
export function normalise(input: string): string {
  return normaliseWith(input, {});
}
