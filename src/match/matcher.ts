// The matcher: question in, typed result out, never a throw. It scores every entry by TF-IDF cosine of the
// question against the entry's phrasings (best phrasing) and against the entry as a whole (all its words),
// after normalising, synonym expansion, stemming and typo repair. A threshold and a margin over the
// runner-up decide between answering, suggesting and falling back; both are tuned on tests/eval.
import { templateWords } from '../knowledge/template.js';
import type { Entry, Knowledge } from '../knowledge/types.js';
import { MAX_INPUT_CHARS } from './normalise.js';
import { createTokeniser } from './tokens.js';
import { createTypoFixer } from './typos.js';

export interface MatchOptions {
  /** Minimum score to answer without asking. */
  threshold: number;
  /** Minimum lead over the runner-up to answer without asking. */
  margin: number;
  /** Minimum score for an entry to be offered as "did you mean". */
  suggestFloor: number;
  /** Weight of the best single phrasing vs. the whole entry in the score (0..1). */
  phrasingWeight: number;
  /** Weight of a word the knowledge base never uses, relative to the rarest known word: unknown words
   * make a question less likely to be about this policy. */
  unknownWeight: number;
}

/** Tuned on tests/eval with `npm run tune` (README, "Evaluation"); change them only with the evaluation in hand. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  threshold: 0.34,
  margin: 0.02,
  suggestFloor: 0.26,
  phrasingWeight: 0.6,
  unknownWeight: 0.6,
};

export interface Ranked {
  entry: Entry;
  score: number;
}

export type MatchResult =
  | { status: 'answered'; entry: Entry; confidence: number; ranked: Ranked[] }
  | { status: 'suggested'; candidates: Entry[]; confidence: number; ranked: Ranked[] }
  | { status: 'fallback'; decline: Entry | undefined; confidence: number; ranked: Ranked[] };

export interface Matcher {
  match(question: string): MatchResult;
  /** Entries ranked by score, best first (only those scoring above zero). */
  rank(question: string): Ranked[];
  /** The stemmed, corrected words the matcher sees, for kb:check and debugging. */
  tokens(question: string): string[];
}

type Vector = Map<string, number>;

function norm(v: Vector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}

export function createMatcher(knowledge: Knowledge, options: Partial<MatchOptions> = {}): Matcher {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const tokeniser = createTokeniser(knowledge.synonyms);
  const entries = knowledge.entries;

  // Each entry's texts: its phrasings, canonical question and title.
  const docs = entries.map((e) =>
    [templateWords(e.question), templateWords(e.title), ...e.phrasings].map((t) => tokeniser.tokens(t)),
  );

  // Document frequency counts entries, not phrasings: a word used by one entry only is a strong signal.
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc.flat())) df.set(term, (df.get(term) ?? 0) + 1);
  const n = entries.length;
  const idf = (term: string) => Math.log(1 + n / (df.get(term) ?? 0.5));
  const unknownWeight = Math.log(1 + n / 0.5) * opts.unknownWeight;
  const fixer = createTypoFixer(df.keys());

  // Phrasing vectors are binary tf × idf; entry vectors weight a word by how many phrasings use it. Both are
  // stored as inverted indexes so a question only touches the postings of its own words.
  const phrasingOwner: number[] = [];
  const phrasingNorms: number[] = [];
  const phrasingIndex = new Map<string, Array<{ phrasing: number; weight: number }>>();
  const entryIndex = new Map<string, Array<{ entry: number; weight: number }>>();
  const entryNorms: number[] = [];
  docs.forEach((doc, ei) => {
    const counts: Vector = new Map();
    for (const tokens of doc) {
      const pi = phrasingOwner.length;
      phrasingOwner.push(ei);
      const vec: Vector = new Map();
      for (const t of tokens) vec.set(t, idf(t));
      for (const [t, w] of vec) {
        const postings = phrasingIndex.get(t) ?? [];
        postings.push({ phrasing: pi, weight: w });
        phrasingIndex.set(t, postings);
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      phrasingNorms.push(norm(vec) || 1);
    }
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

  function queryVector(question: string): Vector {
    const vec: Vector = new Map();
    for (const raw of tokeniser.tokens(question.slice(0, MAX_INPUT_CHARS))) {
      const token = df.has(raw) ? raw : (fixer.fix(raw) ?? raw);
      vec.set(token, df.has(token) ? idf(token) : unknownWeight);
    }
    return vec;
  }

  const phrasingDots = new Float64Array(phrasingOwner.length);
  const entryDots = new Float64Array(entries.length);
  const best = new Float64Array(entries.length);

  function rank(question: string): Ranked[] {
    const q = queryVector(question);
    const qn = norm(q);
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
      if (cos > (best[ei] ?? 0)) best[ei] = cos;
    }
    const ranked: Ranked[] = [];
    for (const ei of touchedEntries) {
      const whole = (entryDots[ei] ?? 0) / (qn * (entryNorms[ei] ?? 1));
      const phrasing = best[ei] ?? 0;
      entryDots[ei] = 0;
      best[ei] = 0;
      const score = opts.phrasingWeight * phrasing + (1 - opts.phrasingWeight) * whole;
      const entry = entries[ei];
      if (entry && score > 0) ranked.push({ entry, score: Math.min(1, score) });
    }
    return ranked.sort((a, b) => b.score - a.score);
  }

  function match(question: string): MatchResult {
    try {
      return decide(rank(question), opts);
    } catch {
      // The matcher must never throw at an adapter; an internal failure is just "no confident match".
      return decide([], opts);
    }
  }

  return { match, rank, tokens: (q) => [...queryVector(q).keys()] };
}

/** The decision on a ranking: answer, suggest or fall back. Separate from ranking so tuning can reuse rankings. */
export function decide(ranked: Ranked[], opts: MatchOptions): MatchResult {
  const [top, second] = ranked;
  const confidence = top?.score ?? 0;
  if (!top || top.score < opts.suggestFloor)
    return { status: 'fallback', decline: undefined, confidence, ranked };
  const lead = top.score - (second?.score ?? 0);
  if (top.score >= opts.threshold && lead >= opts.margin) {
    if (top.entry.kind === 'decline') return { status: 'fallback', decline: top.entry, confidence, ranked };
    return { status: 'answered', entry: top.entry, confidence, ranked };
  }
  const candidates = ranked
    .filter((r) => r.entry.kind === 'answer' && r.score >= opts.suggestFloor && top.score - r.score < 0.15)
    .slice(0, 3)
    .map((r) => r.entry);
  if (candidates.length === 0) {
    return {
      status: 'fallback',
      decline: top.entry.kind === 'decline' ? top.entry : undefined,
      confidence,
      ranked,
    };
  }
  return { status: 'suggested', candidates, confidence, ranked };
}
