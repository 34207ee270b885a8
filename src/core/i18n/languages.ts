// The bot's languages at run time: English, loaded at start, and each translation read from
// knowledge/i18n/<lang>/ the first time a question needs it, so a cold English `ask` pays for none of them.
// A language whose files do not read is reported once and treated as absent: its askers get English.
// Running compiled, each translation comes from its validated snapshot while its files are unchanged
// (knowledge/translations/snapshot.ts), and the detector's words of each language from theirs
// (words-cache.ts), which is what keeps a cold non-English `ask` fast.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type LanguageInfo } from '../knowledge/translations/languages.js';
import { readTranslationThrough, translationSnapshotFile } from '../knowledge/translations/snapshot.js';
import type { Knowledge } from '../knowledge/types.js';
import { type PreparedTexts, prepareTexts } from '../match/texts.js';
import { readTextsThrough, textsFile } from './texts-cache.js';
import { detectorWords } from './words.js';
import { readWordsThrough, wordsFile } from './words-cache.js';

export interface Languages {
  english: Knowledge;
  /** The languages with a folder in the knowledge base, English first. */
  offered: readonly LanguageInfo[];
  /** The knowledge in `code` (English for 'en'), read on first use; undefined when absent or broken. */
  get(code: string): Knowledge | undefined;
  /**
   * The words the detector knows `code` by (words.ts), from their snapshot when current, so the detector's
   * first use need not read every language; undefined when the language is absent or broken.
   */
  words(code: string): ReadonlySet<string> | undefined;
  /**
   * The texts of `code` tokenised for its matcher (match/texts.ts), from their snapshot when current, so a
   * cold start does not tokenise every phrasing; undefined when absent or broken (the matcher tokenises).
   */
  texts(code: string, pairs: boolean): PreparedTexts | undefined;
}

export interface LanguagesOptions {
  /** Called once per language that could not be read, with what is wrong (file, line, field). */
  onProblems?: (code: string, problems: readonly string[]) => void;
  /** Only these codes (tests and the English-only benchmark baseline); default: every folder there is. */
  only?: readonly string[];
  /**
   * The folder the translations' snapshots are kept in: by default dist/.cache when running compiled, none
   * from sources (tests and tools read the files); a test names a folder of its own.
   */
  snapshotDir?: string;
}

export function createLanguages(english: Knowledge, opts: LanguagesOptions = {}): Languages {
  const offered = LANGUAGES.filter(
    (l) =>
      l.code === 'en' ||
      ((opts.only?.includes(l.code) ?? true) &&
        existsSync(join(english.dir, 'i18n', l.code, 'language.yaml'))),
  );
  const loaded = new Map<string, Knowledge | undefined>([['en', english]]);
  const words = new Map<string, ReadonlySet<string> | undefined>();
  const get = (code: string): Knowledge | undefined => {
    if (loaded.has(code)) return loaded.get(code);
    if (!offered.some((l) => l.code === code)) return undefined;
    const file = translationSnapshotFile(english, code, opts.snapshotDir);
    const read = readTranslationThrough(english, code, file);
    if (!read.knowledge) opts.onProblems?.(code, read.problems);
    loaded.set(code, read.knowledge);
    return read.knowledge;
  };
  return {
    english,
    offered,
    get,
    words(code) {
      if (words.has(code)) return words.get(code);
      if (!offered.some((l) => l.code === code)) return undefined;
      const compute = () => {
        const k = get(code);
        return k && detectorWords(k);
      };
      const found = readWordsThrough(english, code, wordsFile(english, code, opts.snapshotDir), compute);
      words.set(code, found);
      return found;
    },
    texts(code, pairs) {
      const k = get(code);
      if (!k) return undefined;
      const file = textsFile(english, code, opts.snapshotDir);
      return readTextsThrough(english, code, file, pairs, () => prepareTexts(k, pairs));
    },
  };
}

/** Only English: what a bot made from a knowledge base alone speaks. */
export function englishOnly(english: Knowledge): Languages {
  let words: ReadonlySet<string> | undefined;
  return {
    english,
    offered: LANGUAGES.filter((l) => l.code === 'en'),
    get: (c) => (c === 'en' ? english : undefined),
    words: (c) => {
      if (c !== 'en') return undefined;
      words ??= detectorWords(english);
      return words;
    },
    // Nothing kept: the matcher tokenises its texts itself.
    texts: () => undefined,
  };
}
