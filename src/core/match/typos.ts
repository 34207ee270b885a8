// Typo repair with fuse.js: a word the knowledge base never uses is replaced by the closest word it does use,
// if one is close enough. Candidates are bucketed by first letter (typos rarely hit it) so each lookup
// searches dozens of words, not thousands; results are cached.
import Fuse from 'fuse.js';

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
  // Each letter's index is built the first time a word starting with it needs repair: a cold `ask` of
  // known words builds none.
  const indexes = new Map<string, Fuse<string>>();
  const indexOf = (key: string) => {
    let index = indexes.get(key);
    const words = buckets.get(key);
    if (!index && words) {
      index = new Fuse(words, { includeScore: true, threshold, ignoreLocation: true, minMatchCharLength: 3 });
      indexes.set(key, index);
    }
    return index;
  };
  const cache = new Map<string, string | undefined>();

  return {
    fix(word: string): string | undefined {
      if (word.length < 5 || word.length > 24 || /\d/.test(word)) return undefined;
      if (cache.has(word)) return cache.get(word);
      const hits = indexOf(word[0] ?? '')?.search(word, { limit: 3 }) ?? [];
      // Prefer a candidate of similar length: Fuse alone happily matches a short word inside a long one.
      const best = hits.find(
        (h) => Math.abs(h.item.length - word.length) <= 2 && (h.score ?? 1) <= threshold,
      );
      const result = best?.item;
      // The oldest answer goes first (a Map keeps insertion order): clearing it all at once made a busy
      // language search again for every word it had just learnt.
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? '');
      cache.set(word, result);
      return result;
    },
  } satisfies TypoFixer;
}
