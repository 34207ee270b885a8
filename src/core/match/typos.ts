// Typo repair with fuse.js: a word the knowledge base never uses is replaced by the closest word it does use,
// if one is close enough. Candidates are bucketed by first letter (typos rarely hit it) and filtered by
// their letters before Fuse searches them, so each lookup searches a handful of words; results are cached.
import Fuse from 'fuse.js';
import { memoLast } from './memo.js';

const FUSE_OPTIONS = (threshold: number) => ({
  includeScore: true,
  threshold,
  ignoreLocation: true,
  minMatchCharLength: 3,
});

/** The pattern's letter counts while one search runs (one thread: a shared scratch is safe). */
const COUNTS = new Int16Array(65_536);

/**
 * How many of the pattern's letters (counted in COUNTS, with repeats) `text` does not have. Leaves COUNTS
 * as it found it.
 */
function lacking(pattern: string, text: string): number {
  for (let i = 0; i < text.length; i++) COUNTS[text.charCodeAt(i)] = (COUNTS[text.charCodeAt(i)] ?? 0) - 1;
  let missing = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    // Each pattern letter takes one of the text's: a count still above zero after the text's took its
    // share is a letter the text lacks. Counted once per distinct letter, then restored below.
    if ((COUNTS[c] ?? 0) > 0 && pattern.indexOf(pattern[i] ?? '') === i) missing += COUNTS[c] ?? 0;
  }
  for (let i = 0; i < text.length; i++) COUNTS[text.charCodeAt(i)] = (COUNTS[text.charCodeAt(i)] ?? 0) + 1;
  return missing;
}

export interface TypoFixer {
  fix(word: string): string | undefined;
}

export function createTypoFixer(
  vocabulary: Iterable<string>,
  opts: { threshold?: number; cache?: number } = {},
) {
  const threshold = opts.threshold ?? 0.25;
  const cacheSize = opts.cache ?? 5_000;
  const buckets = new Map<string, string[]>();
  for (const word of vocabulary) {
    if (word.length < 4) continue;
    const key = word[0] ?? '';
    const list = buckets.get(key) ?? [];
    list.push(word);
    buckets.set(key, list);
  }
  /**
   * Fuse's matches for `word` among `words`, searching only the candidates that can match at all. Fuse's
   * score without location is errors / length, and every pattern letter a candidate lacks (counted with
   * repeats) costs an edit, so a candidate lacking more than the threshold allows is never among its
   * matches. Searching the rest, in their order, gives the same matches in the same order (a candidate's
   * score does not depend on the others; ties go by position): cheap letter counts replace most of the
   * bitap searches, which were the cost of a long question full of unknown words.
   */
  const search = (word: string, words: readonly string[]) => {
    for (let i = 0; i < word.length; i++) COUNTS[word.charCodeAt(i)] = (COUNTS[word.charCodeAt(i)] ?? 0) + 1;
    const candidates = words.filter((w) => lacking(word, w) / word.length <= threshold);
    for (let i = 0; i < word.length; i++) COUNTS[word.charCodeAt(i)] = 0;
    if (candidates.length === 0) return [];
    return new Fuse(candidates, FUSE_OPTIONS(threshold)).search(word, { limit: 3 });
  };
  const repair = memoLast(cacheSize, (word: string): string | undefined => {
    const hits = search(word, buckets.get(word[0] ?? '') ?? []);
    // Prefer a candidate of similar length: Fuse alone happily matches a short word inside a long one.
    const best = hits.find((h) => Math.abs(h.item.length - word.length) <= 2 && (h.score ?? 1) <= threshold);
    return best?.item;
  });

  return {
    fix(word: string): string | undefined {
      if (word.length < 5 || word.length > 24 || /\d/.test(word)) return undefined;
      return repair(word);
    },
  } satisfies TypoFixer;
}
