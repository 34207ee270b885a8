// From raw text to the weighted words the matcher compares: normalise, expand synonyms, drop stopwords, stem.
import { normalise } from './normalise.js';
import { STOPWORDS, stem } from './stem.js';

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces aliases with their canonical phrase, longest alias first so "direct messages" beats "direct". */
export function createSynonymExpander(synonyms: ReadonlyMap<string, string>): (normalised: string) => string {
  const aliases = [...synonyms.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  if (aliases.length === 0) return (s) => s;
  const re = new RegExp(`(?<=^| )(?:${aliases.map(escapeRegExp).join('|')})(?= |$)`, 'g');
  return (s) => s.replace(re, (alias) => synonyms.get(alias) ?? alias);
}

export interface Tokeniser {
  /** Content words, stemmed, in order (duplicates kept). */
  tokens(text: string): string[];
  /** The normalised text after synonym expansion (before stopwords), for phrase checks. */
  expanded(text: string): string;
}

export function createTokeniser(synonyms: ReadonlyMap<string, string>): Tokeniser {
  const expand = createSynonymExpander(synonyms);
  const expanded = (text: string) => expand(normalise(text));
  return {
    expanded,
    tokens: (text) =>
      expanded(text)
        .split(' ')
        .filter((w) => w.length > 0 && !STOPWORDS.has(w))
        .map(stem)
        .filter((w) => !STOPWORDS.has(w)),
  };
}
