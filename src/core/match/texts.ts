// The knowledge's texts as the ranker indexes them: every entry's canonical question, title and phrasings,
// tokenised (normalised, synonyms expanded, stopwords dropped, stemmed), with adjacent pairs, as ids into
// one term table. Tokenising every phrasing is most of what building a matcher costs, so running compiled
// the result is kept beside the knowledge's snapshot (i18n/texts-cache.ts) and handed back to the ranker,
// which checks it fits before trusting it.
import { templateWords } from '../knowledge/template.js';
import type { Knowledge } from '../knowledge/types.js';
import { rulesOf } from './language.js';
import { createTokeniser } from './tokens.js';

/** Joins the two words of a pair token; no word contains it (tokens are letters and digits). */
export const PAIR = '+';

export function withPairs(tokens: readonly string[], on: boolean): string[] {
  if (!on) return [...tokens];
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}${PAIR}${tokens[i + 1]}`);
  return out;
}

/**
 * Every text's distinct term ids (first use first: every reader counts a term once per text), all texts
 * in one flat array: text `t` is ids[starts[t]] to ids[starts[t + 1] - 1]. Texts are numbered entry by
 * entry, each entry's question, title, then phrasings.
 */
export interface PreparedTexts {
  /** Whether adjacent pairs were added (the matcher's pairWeight > 0). */
  pairs: boolean;
  terms: readonly string[];
  ids: Int32Array;
  starts: Int32Array;
}

/** An entry's texts, in the order PreparedTexts numbers them. */
export function entryTexts(knowledge: Knowledge): string[][] {
  return knowledge.entries.map((e) => [templateWords(e.question), templateWords(e.title), ...e.phrasings]);
}

export function prepareTexts(knowledge: Knowledge, pairs: boolean): PreparedTexts {
  const tokeniser = createTokeniser(knowledge.synonyms, rulesOf(knowledge.language));
  const termId = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (term: string) => {
    let id = termId.get(term);
    if (id === undefined) {
      id = terms.length;
      terms.push(term);
      termId.set(term, id);
    }
    return id;
  };
  const ids: number[] = [];
  const starts: number[] = [0];
  for (const list of entryTexts(knowledge))
    for (const t of list) {
      for (const id of new Set(withPairs(tokeniser.tokens(t), pairs).map(idOf))) ids.push(id);
      starts.push(ids.length);
    }
  return { pairs, terms, ids: Int32Array.from(ids), starts: Int32Array.from(starts) };
}

/**
 * Whether stored texts can stand for `knowledge`'s: as many texts, offsets rising to the end, every id in
 * the table and none twice in a text, the table without repeats or empty terms. Its key (texts-cache.ts) ties it to the files and the code; this
 * catches a file that is well-formed JSON but not what prepareTexts wrote.
 */
export function textsFit(p: PreparedTexts, knowledge: Knowledge, pairs: boolean): boolean {
  const count = knowledge.entries.reduce((n, e) => n + 2 + e.phrasings.length, 0);
  if (p.pairs !== pairs || p.starts.length !== count + 1 || p.starts[0] !== 0) return false;
  if (p.starts[count] !== p.ids.length || new Set(p.terms).size !== p.terms.length) return false;
  if (p.terms.some((t) => t.length === 0 || t.includes(' '))) return false;
  if (!p.ids.every((id) => id >= 0 && id < p.terms.length)) return false;
  // Offsets rising, and no term twice within a text (the ranker counts each once).
  const last = new Int32Array(p.terms.length).fill(-1);
  for (let t = 0; t < count; t++) {
    if ((p.starts[t + 1] ?? 0) < (p.starts[t] ?? 0)) return false;
    for (let k = p.starts[t] ?? 0; k < (p.starts[t + 1] ?? 0); k++) {
      const id = p.ids[k] ?? 0;
      if (last[id] === t) return false;
      last[id] = t;
    }
  }
  return true;
}
