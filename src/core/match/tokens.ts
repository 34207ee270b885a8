// From raw text to the weighted words the matcher compares: normalise, expand synonyms, drop stopwords, stem.
import { ENGLISH_RULES, type LanguageRules } from './language.js';
import { memoLast } from './memo.js';

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Called with each alias replaced and its canonical phrase (kb:why shows them). */
export type OnSynonym = (alias: string, canonical: string) => void;

/**
 * Replaces aliases with their canonical phrase, longest alias first so "direct messages" beats "direct".
 * Word by word against a map, left to right: a language has thousands of aliases, and one alternation of
 * all of them compiled to a regular expression cost megabytes per language and a scan at every letter.
 */
export function createSynonymExpander(
  synonyms: ReadonlyMap<string, string>,
): (normalised: string, onSynonym?: OnSynonym) => string {
  // For each word an alias starts with, the alias lengths (in words) to try there, longest first. The
  // canonical phrase is read from `synonyms` itself at each hit, so the table stays the one source.
  const lengths = new Map<string, number[]>();
  for (const alias of synonyms.keys()) {
    if (!alias) continue;
    const words = alias.split(' ');
    const first = words[0] ?? '';
    const list = lengths.get(first) ?? [];
    if (!list.includes(words.length)) list.push(words.length);
    lengths.set(first, list);
  }
  for (const list of lengths.values()) list.sort((a, b) => b - a);
  if (lengths.size === 0) return (s) => s;
  return (s, onSynonym) => {
    const words = s.split(' ');
    const out: string[] = [];
    let i = 0;
    while (i < words.length) {
      const word = words[i] ?? '';
      let taken = 0;
      for (const n of lengths.get(word) ?? []) {
        if (i + n > words.length) continue;
        const alias = n === 1 ? word : words.slice(i, i + n).join(' ');
        const canonical = synonyms.get(alias);
        if (canonical === undefined) continue;
        onSynonym?.(alias, canonical);
        out.push(canonical);
        taken = n;
        break;
      }
      if (taken === 0) out.push(word);
      i += taken || 1;
    }
    return out.join(' ');
  };
}

/** A normalised word as the matcher keeps it: stemmed, or undefined for a stopword (before or after stemming). */
export function contentWord(word: string, rules: LanguageRules = ENGLISH_RULES): string | undefined {
  if (word.length === 0 || rules.isStopword(word)) return undefined;
  const stemmed = rules.stem(word);
  return rules.isStopword(stemmed) ? undefined : stemmed;
}

/** Every step of tokenising one text, for kb:why; `tokens` is exactly what Tokeniser.tokens returns. */
export interface TokenTrace {
  normalised: string;
  /** After synonym expansion. */
  expanded: string;
  synonyms: Array<{ alias: string; canonical: string }>;
  /** Words of `expanded` dropped as stopwords. */
  stopwords: string[];
  /** Each kept word of `expanded` and its stem. */
  kept: Array<{ word: string; stem: string }>;
}

export interface Tokeniser {
  /** Content words, stemmed, in order (duplicates kept). */
  tokens(text: string): string[];
  /** The normalised text after synonym expansion (before stopwords), for phrase checks. */
  expanded(text: string): string;
  trace(text: string): TokenTrace;
}

export function createTokeniser(
  synonyms: ReadonlyMap<string, string>,
  rules: LanguageRules = ENGLISH_RULES,
): Tokeniser {
  const expand = createSynonymExpander(synonyms);
  const normalise = rules.normalise;
  // A message is expanded several times while it is answered (whole, clauses, phrase checks).
  const expanded = memoLast(16, (text: string) => expand(normalise(text)));
  return {
    expanded,
    tokens(text) {
      const out: string[] = [];
      for (const w of expanded(text).split(' ')) {
        const t = contentWord(w, rules);
        if (t !== undefined) out.push(t);
      }
      return out;
    },
    trace(text) {
      const normalised = normalise(text);
      const found: TokenTrace['synonyms'] = [];
      const after = expand(normalised, (alias, canonical) => found.push({ alias, canonical }));
      const stopwords: string[] = [];
      const kept: TokenTrace['kept'] = [];
      for (const word of after.split(' ')) {
        if (word.length === 0) continue;
        const t = contentWord(word, rules);
        if (t === undefined) stopwords.push(word);
        else kept.push({ word, stem: t });
      }
      return { normalised, expanded: after, synonyms: found, stopwords, kept };
    },
  };
}
