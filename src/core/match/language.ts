// What the matcher needs to know about the language it reads: which words carry no topic, how words lose
// their endings, which words join two questions and which open one. English is written here (stem.ts,
// clauses.ts); every other language brings the same as data in knowledge/i18n/<lang>/language.yaml, so a
// curator tunes a language without touching code.
import { clauseRules } from './clauses.js';
import { normalise, normaliseWith } from './normalise.js';
import { stem as englishStem, STOPWORDS } from './stem.js';

/** A language's matching rules as the knowledge files write them (plain data: it goes into snapshots). */
export interface LanguageData {
  code: string;
  stopwords: readonly string[];
  /** Inflection endings; a word loses the longest one that leaves at least `minStem` letters. */
  suffixes: readonly string[];
  minStem: number;
  /** Words never stemmed. */
  keep: readonly string[];
  /** Words joining two questions ("und", "et aussi"). */
  joiners: readonly string[];
  /** Words a clause that asks opens with. */
  openers: readonly string[];
}

export interface LanguageRules {
  code: string;
  /** The language's normaliser (English also expands contractions: "don't" -> "do not"). */
  normalise(text: string): string;
  isStopword(word: string): boolean;
  stem(word: string): string;
  joiners: RegExp;
  openers: RegExp;
}

export const ENGLISH_RULES: LanguageRules = {
  code: 'en',
  normalise: (text) => normalise(text),
  isStopword: (word) => STOPWORDS.has(word),
  stem: englishStem,
  ...clauseRules.english,
};

const cache = new WeakMap<LanguageData, LanguageRules>();

/** The rules for a language's data (English when there is none). Built once per data object. */
export function rulesOf(data: LanguageData | undefined): LanguageRules {
  if (!data) return ENGLISH_RULES;
  const hit = cache.get(data);
  if (hit) return hit;
  const plain = (w: string) => normaliseWith(w, { contractions: false });
  const stopwords = new Set(data.stopwords.map(plain));
  const keep = new Set(data.keep.map(plain));
  // Longest first, so "ungen" is tried before "en".
  const suffixes = [...new Set(data.suffixes.map(plain))].filter(Boolean).sort((a, b) => b.length - a.length);
  const stem = (word: string) => {
    if (word.length <= data.minStem || keep.has(word)) return word;
    for (const s of suffixes)
      if (word.endsWith(s) && word.length - s.length >= data.minStem) return word.slice(0, -s.length);
    return word;
  };
  const rules: LanguageRules = {
    code: data.code,
    normalise: (text) => normaliseWith(text, { contractions: false }),
    isStopword: (word) => stopwords.has(word),
    stem,
    ...clauseRules.of(data.joiners.map(plain), data.openers.map(plain)),
  };
  cache.set(data, rules);
  return rules;
}
