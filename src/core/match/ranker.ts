// The ranking half of the matcher: indexes built once from the knowledge base, then a question's words, its
// weighted vector and every entry's score. Scores are TF-IDF cosine of the question against the entry's best
// phrasing and against the entry as a whole (all its words), after normalising, synonym expansion, stemming
// and typo repair. matcher.ts decides on the ranking; kb:why and kb:check read the same indexes here.
import type { Entry, Knowledge } from '../knowledge/types.js';
import { createBayes } from './bayes.js';
import { type LanguageRules, rulesOf } from './language.js';
import { MAX_INPUT_CHARS } from './normalise.js';
import type { MatchOptions, Ranked } from './options.js';
import { entryTexts, PAIR, type PreparedTexts, prepareTexts, textsFit, withPairs } from './texts.js';
import { createTokeniser, type Tokeniser } from './tokens.js';
import { createTypoFixer } from './typos.js';

export type Vector = Map<string, number>;

/** An inverted index as flat arrays: term `id`'s postings are posted[start[id]] to posted[start[id + 1] - 1]. */
interface Inverted {
  start: Int32Array;
  posted: Int32Array;
  weights: Float64Array;
}

/** An empty inverted index with room for `counts[id]` postings of each term (weights only if asked). */
function postings(counts: Int32Array, weighted: boolean): Inverted {
  const start = new Int32Array(counts.length + 1);
  for (let id = 0; id < counts.length; id++) start[id + 1] = (start[id] ?? 0) + (counts[id] ?? 0);
  const total = start[counts.length] ?? 0;
  return { start, posted: new Int32Array(total), weights: new Float64Array(weighted ? total : 0) };
}

/** How an entry's score was made, for kb:why: score = phrasingWeight × phrasing + (1 − it) × whole. */
export interface ScoreParts {
  /** Cosine against the entry's best phrasing... */
  phrasing: number;
  /** ...which is this text of it (its question, title or one of its phrasings). */
  closest: string;
  /** Cosine against the entry as a whole. */
  whole: number;
}
export interface Ranker {
  tokeniser: Tokeniser;
  /** The language the knowledge is written in, as the tokeniser, the evidence rule and the clauses read it. */
  rules: LanguageRules;
  /** The question's content words as the matcher sees them: stemmed, typos repaired. */
  words(question: string): string[];
  /** A content word as the matcher sees it: itself when the knowledge uses it, else its typo repair if any. */
  repair(raw: string): string;
  vectorOf(words: readonly string[]): Vector;
  /** Entries scoring above zero, best first; with `parts`, also how each score was made. */
  rankVector(q: Vector, parts?: Map<Entry, ScoreParts>): Ranked[];
  /** Whether the knowledge base uses a term (word or pair). */
  known(term: string): boolean;
  /** Whether an entry (its question, title or phrasings) uses a term. */
  uses(entry: Entry, term: string): boolean;
  /** Whether any answer entry uses a term. */
  knownToAnswers(term: string): boolean;
  fix(word: string): string | undefined;
  /** The entry naive Bayes prefers for a question vector, and how sure it is. */
  secondOpinion(q: Vector): { entry: Entry | undefined; p: number };
}

/**
 * `prepared`: the texts as prepareTexts made them for this knowledge, kept from an earlier run; used only
 * when they fit (textsFit), else the texts are tokenised here.
 */
export function createRanker(knowledge: Knowledge, opts: MatchOptions, prepared?: PreparedTexts): Ranker {
  const rules = rulesOf(knowledge.language);
  const tokeniser = createTokeniser(knowledge.synonyms, rules);
  const entries = knowledge.entries;

  // Each entry's texts: its canonical question, title and phrasings, tokenised with adjacent word pairs
  // ("left out", "not use", "legal basis": single words alone cannot tell "what is not used" from "how do I
  // stop them using it"). Terms are interned: each text is kept as term ids and the indexes below are flat
  // typed arrays, as eight languages' worth of per-posting objects and string arrays cost tens of MB.
  const pairs = opts.pairWeight > 0;
  const texts = entryTexts(knowledge);
  const given = prepared && textsFit(prepared, knowledge, pairs) ? prepared : undefined;
  const { terms, ids: textIds, starts: textStart } = given ?? prepareTexts(knowledge, pairs);
  const termId = new Map(terms.map((t, id) => [t, id]));
  // Phrasing vector `pi` is text `pi`: its owner entry and which of the owner's texts it is.
  const phrasingOwner: number[] = [];
  const phrasingText: number[] = [];
  texts.forEach((list, ei) => {
    list.forEach((_, ti) => {
      phrasingOwner.push(ei);
      phrasingText.push(ti);
    });
  });
  /** The term ids of text `pi`. */
  const textOf = (pi: number) => textIds.subarray(textStart[pi] ?? 0, textStart[pi + 1] ?? 0);
  /** Entry `ei`'s texts, as phrasing numbers. */
  const firstText = new Int32Array(texts.length + 1);
  texts.forEach((list, ei) => {
    firstText[ei + 1] = (firstText[ei] ?? 0) + list.length;
  });
  const textsOf = (ei: number) => {
    const from = firstText[ei] ?? 0;
    return Array.from({ length: texts[ei]?.length ?? 0 }, (_, k) => from + k);
  };

  // Per entry, its distinct terms (first use first) and how many of its texts use each, in one pass with a
  // scratch count per term. Document frequency counts entries, not phrasings: a word used by one entry
  // only is a strong signal.
  const df = new Int32Array(terms.length);
  const entryTermStart = new Int32Array(entries.length + 1);
  const entryTerms: number[] = [];
  const entryCounts: number[] = [];
  const scratch = new Int32Array(terms.length);
  for (let ei = 0; ei < entries.length; ei++) {
    const from = entryTerms.length;
    for (const pi of textsOf(ei))
      for (const id of textOf(pi)) {
        if (scratch[id] === 0) entryTerms.push(id);
        scratch[id] = (scratch[id] ?? 0) + 1;
      }
    for (let j = from; j < entryTerms.length; j++) {
      const id = entryTerms[j] ?? 0;
      entryCounts.push(scratch[id] ?? 0);
      scratch[id] = 0;
      df[id] = (df[id] ?? 0) + 1;
    }
    entryTermStart[ei + 1] = entryTerms.length;
  }
  const n = entries.length;
  const idfOf = (term: string, count: number) =>
    Math.log(1 + n / count) * (term.includes(PAIR) ? opts.pairWeight : 1);
  const idfs = Float64Array.from(terms, (t, id) => idfOf(t, df[id] ?? 0));
  const unknownWeight = Math.log(1 + n / 0.5) * opts.unknownWeight;
  const fixer = createTypoFixer(terms.filter((t) => !t.includes(PAIR)));

  // Phrasing vectors are binary tf × idf, so a phrasing's weight for a term is the term's idf and its
  // postings need only phrasing numbers; entry vectors weight a word by how many phrasings use it. Both are
  // inverted indexes: term `id`'s postings are posted[start[id]] to posted[start[id + 1] - 1], in order.
  const phrasingNorms = new Float64Array(phrasingOwner.length);
  const phrasingCounts = new Int32Array(terms.length);
  for (let pi = 0; pi < phrasingOwner.length; pi++) {
    let squares = 0;
    for (const id of textOf(pi)) {
      const w = idfs[id] ?? 0;
      squares += w * w;
      phrasingCounts[id] = (phrasingCounts[id] ?? 0) + 1;
    }
    phrasingNorms[pi] = Math.sqrt(squares) || 1;
  }
  const phrasingIndex = postings(phrasingCounts, false);
  const phrasingCursor = phrasingIndex.start.slice(0, terms.length);
  for (let pi = 0; pi < phrasingOwner.length; pi++)
    for (const id of textOf(pi)) {
      const at = phrasingCursor[id] ?? 0;
      phrasingCursor[id] = at + 1;
      phrasingIndex.posted[at] = pi;
    }
  // Each entry posts each of its terms once, so a term's entry postings number its df.
  const entryIndex = postings(df, true);
  const entryCursor = entryIndex.start.slice(0, terms.length);
  const entryNorms = new Float64Array(entries.length);
  for (let ei = 0; ei < entries.length; ei++) {
    let squares = 0;
    for (let j = entryTermStart[ei] ?? 0; j < (entryTermStart[ei + 1] ?? 0); j++) {
      const id = entryTerms[j] ?? 0;
      const w = (1 + Math.log(entryCounts[j] ?? 1)) * (idfs[id] ?? 0);
      squares += w * w;
      const at = entryCursor[id] ?? 0;
      entryCursor[id] = at + 1;
      entryIndex.posted[at] = ei;
      entryIndex.weights[at] = w;
    }
    entryNorms[ei] = Math.sqrt(squares) || 1;
  }

  const known = (term: string) => termId.has(term);
  const repair = (raw: string) => (known(raw) ? raw : (fixer.fix(raw) ?? raw));
  const words = (question: string) => tokeniser.tokens(question.slice(0, MAX_INPUT_CHARS)).map(repair);

  function vectorOf(ws: readonly string[]): Vector {
    const vec: Vector = new Map();
    for (const token of withPairs(ws, pairs)) {
      const id = termId.get(token);
      // A pair the knowledge never uses is no evidence either way; an unknown word is (see unknownWeight).
      if (id === undefined && token.includes(PAIR)) continue;
      vec.set(token, id === undefined ? unknownWeight : (idfs[id] ?? 0));
    }
    return vec;
  }

  // Built on first use: only a narrow win consults it, and a cold `ask` should not pay for it up front.
  let bayes: ReturnType<typeof createBayes> | undefined;
  function secondOpinion(q: Vector): { entry: Entry | undefined; p: number } {
    bayes ??= createBayes(
      texts.map((_, ei) => textsOf(ei).map((pi) => Array.from(textOf(pi), (id) => terms[id] ?? ''))),
    );
    const post = bayes.posterior([...q.keys()]);
    let bi = 0;
    for (let i = 1; i < post.length; i++) if ((post[i] ?? 0) > (post[bi] ?? 0)) bi = i;
    return { entry: entries[bi], p: post[bi] ?? 0 };
  }

  const phrasingDots = new Float64Array(phrasingOwner.length);
  const entryDots = new Float64Array(entries.length);
  const best = new Float64Array(entries.length);
  /** The phrasing vector that gave `best`; only kept when score parts are asked for. */
  const bestPhrasing = new Int32Array(entries.length);

  function rankVector(q: Vector, parts?: Map<Entry, ScoreParts>): Ranked[] {
    // Unknown words lower every score (the question is less likely about this policy), but past a few of
    // them a long, chatty question is still asking something: later unknown words stop counting.
    let knownSquares = 0;
    let unknown = 0;
    for (const [t, w] of q) {
      if (known(t)) knownSquares += w * w;
      else unknown++;
    }
    const qn = Math.sqrt(knownSquares + Math.min(unknown, opts.maxUnknown) * unknownWeight * unknownWeight);
    if (qn === 0) return [];
    // Scratch arrays are reused across questions; only the slots a question touched are read and reset,
    // so the cost follows the postings of its words, not the size of the knowledge base.
    const touchedPhrasings: number[] = [];
    const touchedEntries: number[] = [];
    for (const [term, qw] of q) {
      const id = termId.get(term);
      if (id === undefined) continue;
      const add = qw * (idfs[id] ?? 0);
      for (let k = phrasingIndex.start[id] ?? 0, end = phrasingIndex.start[id + 1] ?? 0; k < end; k++) {
        const pi = phrasingIndex.posted[k] ?? 0;
        if (phrasingDots[pi] === 0) touchedPhrasings.push(pi);
        phrasingDots[pi] = (phrasingDots[pi] ?? 0) + add;
      }
      for (let k = entryIndex.start[id] ?? 0, end = entryIndex.start[id + 1] ?? 0; k < end; k++) {
        const ei = entryIndex.posted[k] ?? 0;
        if (entryDots[ei] === 0) touchedEntries.push(ei);
        entryDots[ei] = (entryDots[ei] ?? 0) + qw * (entryIndex.weights[k] ?? 0);
      }
    }
    // The entry's best phrasing.
    for (const pi of touchedPhrasings) {
      const ei = phrasingOwner[pi] ?? 0;
      const cos = (phrasingDots[pi] ?? 0) / (qn * (phrasingNorms[pi] ?? 1));
      phrasingDots[pi] = 0;
      if (cos > (best[ei] ?? 0)) {
        best[ei] = cos;
        if (parts) bestPhrasing[ei] = pi;
      }
    }
    const ranked: Ranked[] = [];
    for (const ei of touchedEntries) {
      const whole = (entryDots[ei] ?? 0) / (qn * (entryNorms[ei] ?? 1));
      const phrasing = best[ei] ?? 0;
      entryDots[ei] = 0;
      best[ei] = 0;
      const score = opts.phrasingWeight * phrasing + (1 - opts.phrasingWeight) * whole;
      const entry = entries[ei];
      if (entry && score > 0) {
        ranked.push({ entry, score: Math.min(1, score) });
        if (parts) {
          const closest = phrasing > 0 ? (texts[ei]?.[phrasingText[bestPhrasing[ei] ?? 0] ?? 0] ?? '') : '';
          parts.set(entry, { phrasing, closest, whole });
        }
      }
    }
    return ranked.sort((a, b) => b.score - a.score);
  }

  // Whether an answer entry (not a decline) uses each term.
  const answerTerm = new Uint8Array(terms.length);
  phrasingOwner.forEach((ei, pi) => {
    if (entries[ei]?.kind === 'answer') for (const id of textOf(pi)) answerTerm[id] = 1;
  });
  // Only kb:check's collision report asks which terms an entry uses: a scan of its few hundred is enough.
  const entryNumber = new Map(entries.map((e, ei) => [e, ei]));
  function uses(entry: Entry, term: string): boolean {
    const id = termId.get(term);
    const ei = entryNumber.get(entry);
    if (id === undefined || ei === undefined) return false;
    for (let j = entryTermStart[ei] ?? 0; j < (entryTermStart[ei + 1] ?? 0); j++)
      if (entryTerms[j] === id) return true;
    return false;
  }

  return {
    tokeniser,
    rules,
    words,
    repair,
    vectorOf,
    rankVector,
    known,
    uses,
    knownToAnswers: (term) => answerTerm[termId.get(term) ?? -1] === 1,
    fix: (word) => fixer.fix(word),
    secondOpinion,
  };
}
