// A validated snapshot of each translation, like the English one (../snapshot.ts): reading seven languages'
// YAML and validating it takes over a second on a small machine, and the detector needs every language the
// first time a question is not plainly English. A translation is built on the English knowledge (its ids,
// links, dates, values), so its key covers both: the bytes of every file in knowledge/i18n/<code>/ and a
// hash of the English knowledge as loaded. Any edit, to the translation or to English, misses it and goes
// through readTranslation, which reports problems by file, line and field as always; only a translation
// that reads without problems is stored.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { LanguageData } from '../../match/language.js';
import { fromStored, type StoredKnowledge, storedKnowledgeSchema, toStored } from '../snapshot.js';
import { cacheFolder, folderKey, readJson, writeSnapshotFile } from '../snapshot-file.js';
import type { Knowledge } from '../types.js';
import { readTranslation } from './load.js';
import { languageDataSchema } from './schema.js';

const VERSION = 2;
/** Seven languages for each of a few knowledge folders (test runs use temporary ones). */
const KEEP = 7 * 4;
const FAMILY = /^translation-[0-9a-f]+-[a-z]{2}\.json$/;

/** What createLanguages needs of a translation: the knowledge, or what is wrong with it. */
export interface TranslationLoad {
  /** Undefined exactly when there are problems. */
  knowledge: Knowledge | undefined;
  problems: readonly string[];
}

const englishPrints = new WeakMap<Knowledge, string>();

/**
 * JSON with every object's keys sorted: the loader and the snapshot's schema build the same knowledge with
 * its keys in different orders, and a translation stored by one must be found by the other.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A hash of the English knowledge as loaded (what a translation takes from it), rather than of its files:
 * an English knowledge changed in memory (the benchmark's inflated one) must not meet a translation stored
 * for the files. Computed once per Knowledge; a few milliseconds.
 */
export function englishPrint(english: Knowledge): string {
  let print = englishPrints.get(english);
  if (!print) {
    print = createHash('sha256')
      .update(canonicalJson(toStored(english)))
      .digest('hex');
    englishPrints.set(english, print);
  }
  return print;
}

/** The key of a translation's snapshot: every file of knowledge/i18n/<code>/ and the English it is built on. */
export function translationFingerprint(english: Knowledge, code: string): string {
  const base = join(english.dir, 'i18n', code);
  const hash = createHash('sha256').update(`${code}\0${englishPrint(english)}\0`);
  const files = ['language.yaml', 'smalltalk.yaml', 'ui.yaml'];
  try {
    for (const f of readdirSync(join(base, 'entries')).sort()) files.push(join('entries', f));
  } catch {
    // A missing folder fingerprints as such; readTranslation reports it.
  }
  for (const f of files) {
    hash.update(`${f}\0`);
    try {
      hash.update(readFileSync(join(base, f)));
    } catch {
      hash.update('\0missing\0');
    }
  }
  return `${VERSION}:${hash.digest('hex')}`;
}

// Parsed data like any other (an older build, a crash, a hand edit): validated, never cast. A translation
// always has its language's matching rules, so a snapshot without them is refused.
const translationSnapshotSchema = z.strictObject({
  fingerprint: z.string(),
  code: z.string(),
  knowledge: storedKnowledgeSchema.extend({ language: languageDataSchema }),
});
interface TranslationSnapshot {
  fingerprint: string;
  code: string;
  knowledge: StoredKnowledge & { language: LanguageData };
}

export function toTranslationSnapshot(
  knowledge: Knowledge,
  code: string,
  print: string,
): TranslationSnapshot {
  const stored = toStored(knowledge);
  if (!stored.language) throw new Error(`the ${code} knowledge has no language rules: not a translation`);
  return { fingerprint: print, code, knowledge: { ...stored, language: stored.language } };
}

/** The translation in a parsed snapshot, or undefined when it is stale, of another language or malformed. */
export function fromTranslationSnapshot(raw: unknown, code: string, print: string): Knowledge | undefined {
  const parsed = translationSnapshotSchema.safeParse(raw);
  if (!parsed.success || parsed.data.fingerprint !== print || parsed.data.code !== code) return undefined;
  return fromStored(parsed.data.knowledge);
}

/**
 * Where the snapshot of `code` for this English knowledge lives: in `folder`, by default dist/.cache when
 * running compiled; from sources there is none.
 */
export function translationSnapshotFile(
  english: Knowledge,
  code: string,
  folder: string | undefined = cacheFolder(),
): string | undefined {
  return folder && join(folder, `translation-${folderKey(english.dir)}-${code}.json`);
}

/**
 * The translation into `code`, from `file` when its files and the English knowledge are unchanged since it
 * was stored, otherwise through readTranslation (and stored again when it reads without problems). Without
 * a file it is always readTranslation.
 */
export function readTranslationThrough(
  english: Knowledge,
  code: string,
  file: string | undefined,
): TranslationLoad {
  if (!file) return readTranslation(english, code);
  const print = translationFingerprint(english, code);
  const cached = fromTranslationSnapshot(readJson(file), code, print);
  if (cached) return { knowledge: cached, problems: [] };
  const read = readTranslation(english, code);
  if (read.knowledge)
    writeSnapshotFile(file, toTranslationSnapshot(read.knowledge, code, print), FAMILY, KEEP);
  return { knowledge: read.knowledge, problems: read.problems };
}
