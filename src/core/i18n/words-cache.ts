// The detector's words of each language (words.ts), stored beside the translations' snapshots so that the
// first question that is not plainly English does not read and normalise every language: a few kilobytes a
// language, validated on read. The key is the translation's (its files and the English knowledge it is
// built on; English's own words are keyed by the English knowledge as loaded), so any edit misses it and
// the words are computed again from the knowledge, which reports its problems as always.
import { join } from 'node:path';
import { z } from 'zod';
import { cacheFolder, folderKey, readThrough } from '../knowledge/snapshot-file.js';
import { englishPrint, translationFingerprint } from '../knowledge/translations/snapshot.js';
import type { Knowledge } from '../knowledge/types.js';

const VERSION = 1;
const FAMILY = /^words-[0-9a-f]+-[a-z]{2}\.json$/;
/** Eight languages for each of a few knowledge folders. */
const KEEP = 8 * 4;

const wordsSchema = z.strictObject({
  fingerprint: z.string(),
  code: z.string(),
  words: z.array(z.string().min(1)),
});

/** What the stored words of `code` must have been made from. */
export function wordsFingerprint(english: Knowledge, code: string): string {
  const of = code === 'en' ? englishPrint(english) : translationFingerprint(english, code);
  return `${VERSION}:${of}`;
}

/** Where the words of `code` are kept: in `folder`, by default dist/.cache when running compiled. */
export function wordsFile(
  english: Knowledge,
  code: string,
  folder: string | undefined = cacheFolder(),
): string | undefined {
  return folder && join(folder, `words-${folderKey(english.dir)}-${code}.json`);
}

/** The words stored in a parsed file, or undefined when they are stale, of another language or malformed. */
export function fromWordsFile(raw: unknown, code: string, print: string): Set<string> | undefined {
  const parsed = wordsSchema.safeParse(raw);
  if (!parsed.success || parsed.data.fingerprint !== print || parsed.data.code !== code) return undefined;
  return new Set(parsed.data.words);
}

/**
 * The words of `code` from `file` when current, else `compute()` (undefined: the language does not read),
 * stored for next time. Without a file it is always `compute()`.
 */
export function readWordsThrough(
  english: Knowledge,
  code: string,
  file: string | undefined,
  compute: () => Set<string> | undefined,
): Set<string> | undefined {
  if (!file) return compute();
  const print = wordsFingerprint(english, code);
  return readThrough(
    file,
    {
      read: (raw) => fromWordsFile(raw, code, print),
      body: (words) => ({ fingerprint: print, code, words: [...words].sort() }),
      family: FAMILY,
      keep: KEEP,
    },
    compute,
  );
}
