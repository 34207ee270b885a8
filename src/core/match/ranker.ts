// The ranking half of the matcher: indexes built once from the knowledge base, then a question's words, its
// weighted vector and every entry's score. Scores are TF-IDF cosine of the question against the entry's best
// phrasing and against the entry as a whole (all its words), after normalising, synonym expansion, stemming
// and typo repair. matcher.ts decides on the ranking; kb:why and kb:check read the same indexes here.
import { templateWords } from '../knowledge/template.js';
import type { Entry, Knowledge } from '../knowledge/types.js';
import { createBayes } from './bayes.js';
import { type LanguageRules, rulesOf } from './language.js';
import { MAX_INPUT_CHARS } from './normalise.js';
import type { MatchOptions, Ranked } from './options.js';
import { createTokeniser, type Tokeniser } from './tokens.js';
import { createTypoFixer } from './typos.js';

export type Vector = Map<string, number>;

/** Joins the two words of a pair token; no word contains it (tokens are letters and digits). */
export const PAIR = '+';

function withPairs(tokens: readonly string[], on: boolean): string[] {
  if (!on) return [...tokens];
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}${PAIR}${tokens[i + 1]}`);
  return out;
}

function norm(v: Vector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
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

export function createRanker(knowledge: Knowledge, opts: MatchOptions): Ranker {
  const rules = rulesOf(knowledge.language);
  const tokeniser = createTokeniser(knowledge.synonyms, rules);
  const entries = knowledge.entries;

  // Each entry's texts: its canonical question, title and phrasings.
  // Adjacent word pairs count too ("left out", "not use", "legal basis"): single words alone cannot tell
  // "what is not used" from "how do I stop them using it".
  const texts = entries.map((e) => [templateWords(e.question), templateWords(e.title), ...e.phrasings]);
  const docs = texts.map((list) => list.map((t) => withPairs(tokeniser.tokens(t), opts.pairWeight > 0)));

  // Document frequency counts entries, not phrasings: a word used by one entry only is a strong signal.
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc.flat())) df.set(term, (df.get(term) ?? 0) + 1);
  const n = entries.length;
  const idf = (term: string) =>
    Math.log(1 + n / (df.get(term) ?? 0.5)) * (term.includes(PAIR) ? opts.pairWeight : 1);
  const unknownWeight = Math.log(1 + n / 0.5) * opts.unknownWeight;
  const fixer = createTypoFixer([...df.keys()].filter((t) => !t.includes(PAIR)));

  // Phrasing vectors are binary tf × idf; entry vectors weight a word by how many phrasings use it. Both are
  // stored as inverted indexes so a question only touches the postings of its own words.
  const phrasingOwner: number[] = [];
  /** Which of its owner's texts a phrasing vector is (index into texts[owner]). */
  const phrasingText: number[] = [];
  const phrasingNorms: number[] = [];
  const phrasingIndex = new Map<string, Array<{ phrasing: number; weight: number }>>();
  const entryIndex = new Map<string, Array<{ entry: number; weight: number }>>();
  const entryNorms: number[] = [];
  docs.forEach((doc, ei) => {
    const counts: Vector = new Map();
    doc.forEach((tokens, ti) => {
      const pi = phrasingOwner.length;
      phrasingOwner.push(ei);
      phrasingText.push(ti);
      const vec: Vector = new Map();
      for (const t of tokens) vec.set(t, idf(t));
      for (const [t, w] of vec) {
        const postings = phrasingIndex.get(t) ?? [];
        postings.push({ phrasing: pi, weight: w });
        phrasingIndex.set(t, postings);
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      phrasingNorms.push(norm(vec) || 1);
    });
    let squares = 0;
    for (const [t, count] of counts) {
      const w = (1 + Math.log(count)) * idf(t);
      squares += w * w;
      const postings = entryIndex.get(t) ?? [];
      postings.push({ entry: ei, weight: w });
      entryIndex.set(t, postings);
    }
    entryNorms.push(Math.sqrt(squares) || 1);
  });

  const repair = (raw: string) => (df.has(raw) ? raw : (fixer.fix(raw) ?? raw));
  const words = (question: string) => tokeniser.tokens(question.slice(0, MAX_INPUT_CHARS)).map(repair);

  function vectorOf(ws: readonly string[]): Vector {
    const vec: Vector = new Map();
    for (const token of withPairs(ws, opts.pairWeight > 0)) {
      // A pair the knowledge never uses is no evidence either way; an unknown word is (see unknownWeight).
      if (token.includes(PAIR) && !df.has(token)) continue;
      vec.set(token, df.has(token) ? idf(token) : unknownWeight);
    }
    return vec;
  }

  // Built on first use: only a narrow win consults it, and a cold `ask` should not pay for it up front.
  let bayes: ReturnType<typeof createBayes> | undefined;
  function secondOpinion(q: Vector): { entry: Entry | undefined; p: number } {
    bayes ??= createBayes(docs);
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
    let known = 0;
    let unknown = 0;
    for (const [t, w] of q) {
      if (df.has(t)) known += w * w;
      else unknown++;
    }
    const qn = Math.sqrt(known + Math.min(unknown, opts.maxUnknown) * unknownWeight * unknownWeight);
    if (qn === 0) return [];
    // Scratch arrays are reused across questions; only the slots a question touched are read and reset,
    // so the cost follows the postings of its words, not the size of the knowledge base.
    const touchedPhrasings: number[] = [];
    const touchedEntries: number[] = [];
    for (const [term, qw] of q) {
      for (const p of phrasingIndex.get(term) ?? []) {
        if (phrasingDots[p.phrasing] === 0) touchedPhrasings.push(p.phrasing);
        phrasingDots[p.phrasing] = (phrasingDots[p.phrasing] ?? 0) + qw * p.weight;
      }
      for (const e of entryIndex.get(term) ?? []) {
        if (entryDots[e.entry] === 0) touchedEntries.push(e.entry);
        entryDots[e.entry] = (entryDots[e.entry] ?? 0) + qw * e.weight;
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

  const answerTerms = new Set<string>();
  docs.forEach((doc, ei) => {
    if (entries[ei]?.kind === 'answer') for (const t of doc.flat()) answerTerms.add(t);
  });
  // Built on first use: only kb:check's collision report asks which terms an entry uses.
  let entryTerms: Map<Entry, Set<string>> | undefined;
  function uses(entry: Entry, term: string): boolean {
    entryTerms ??= new Map(entries.map((e, ei) => [e, new Set(docs[ei]?.flat())]));
    return entryTerms.get(entry)?.has(term) ?? false;
  }

  return {
    tokeniser,
    rules,
    words,
    repair,
    vectorOf,
    rankVector,
    known: (term) => df.has(term),
    uses,
    knownToAnswers: (term) => answerTerms.has(term),
    fix: (word) => fixer.fix(word),
    secondOpinion,
  };
}
