// The matcher: question in, typed result out. It scores every entry by TF-IDF cosine of the
// question against the entry's phrasings (best phrasing) and against the entry as a whole (all its words),
// after normalising, synonym expansion, stemming and typo repair. An evidence rule (scope.ts) decides
// whether the question is about the policy at all; a threshold and a margin over the runner-up decide
// between answering, suggesting and falling back; clauses (clauses.ts) find two-part questions and the
// question inside a long one. The numbers are tuned on the tuning part of eval/.
// It catches nothing: it has no expected failure, so a throw is a bug and goes up to Bot.ask, which reports
// it (BotOptions.onError) and answers with the fallback.
import { templateWords } from '../knowledge/template.js';
import type { Entry, Knowledge } from '../knowledge/types.js';
import { createBayes } from './bayes.js';
import { clauses } from './clauses.js';
import { combine, decide, leadOf } from './decide.js';
import { MAX_INPUT_CHARS } from './normalise.js';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions, type MatchResult, type Ranked } from './options.js';
import { createScopeCheck, type Evidence } from './scope.js';
import { createTokeniser } from './tokens.js';
import { createTypoFixer } from './typos.js';

export { decide } from './decide.js';
export { DEFAULT_MATCH_OPTIONS, type MatchOptions, type MatchResult, type Ranked } from './options.js';

export interface Matcher {
  match(question: string): MatchResult;
  /** Entries ranked by score, best first (only those scoring above zero). */
  rank(question: string): Ranked[];
  /** The stemmed, corrected words the matcher sees, for kb:check and debugging. */
  tokens(question: string): string[];
  /** Why the question counts as about the policy ('none' when it does not). */
  evidence(question: string): Evidence;
}

type Vector = Map<string, number>;

/** Joins the two words of a pair token; no word contains it (tokens are letters and digits). */
const PAIR = '+';

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

export function createMatcher(knowledge: Knowledge, options: Partial<MatchOptions> = {}): Matcher {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const tokeniser = createTokeniser(knowledge.synonyms);
  const entries = knowledge.entries;

  // Each entry's texts: its phrasings, canonical question and title.
  // Adjacent word pairs count too ("left out", "not use", "legal basis"): single words alone cannot tell
  // "what is not used" from "how do I stop them using it".
  const docs = entries.map((e) =>
    [templateWords(e.question), templateWords(e.title), ...e.phrasings].map((t) =>
      withPairs(tokeniser.tokens(t), opts.pairWeight > 0),
    ),
  );

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

  function words(question: string): string[] {
    return tokeniser
      .tokens(question.slice(0, MAX_INPUT_CHARS))
      .map((raw) => (df.has(raw) ? raw : (fixer.fix(raw) ?? raw)));
  }

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
  /** The entry naive Bayes prefers and how sure it is. */
  function second(q: Vector): { entry: Entry | undefined; p: number } {
    bayes ??= createBayes(docs);
    const post = bayes.posterior([...q.keys()]);
    let bi = 0;
    for (let i = 1; i < post.length; i++) if ((post[i] ?? 0) > (post[bi] ?? 0)) bi = i;
    return { entry: entries[bi], p: post[bi] ?? 0 };
  }
  const phrasingDots = new Float64Array(phrasingOwner.length);
  const entryDots = new Float64Array(entries.length);
  const best = new Float64Array(entries.length);

  function rank(question: string): Ranked[] {
    return rankVector(vectorOf(words(question)));
  }

  function rankVector(q: Vector): Ranked[] {
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

  const answerTerms = new Set<string>();
  docs.forEach((doc, ei) => {
    if (entries[ei]?.kind === 'answer') for (const t of doc.flat()) answerTerms.add(t);
  });
  const tokens = (q: string) => [...new Set(words(q))];
  const scope = createScopeCheck(knowledge.scope, {
    knownToAnswers: (t) => answerTerms.has(t),
    fix: (w) => fixer.fix(w),
    shortWords: opts.shortWords,
    shortStrangers: opts.shortStrangers,
  });

  function match(question: string): MatchResult {
    // Tokenised once: the evidence rule, the ranking, the second opinion and the length test share it.
    const ws = words(question);
    const unique = [...new Set(ws)];
    const q = vectorOf(ws);
    const evidence = scope.evidence(question, unique);
    let whole = decide(rankVector(q), opts, evidence);
    if (whole.status === 'answered' && opts.bayesWeight > 0 && leadOf(whole.ranked) < opts.vetoLead) {
      // A second opinion on a narrow win: when naive Bayes is sure of another answer, the two disagree.
      const other = second(q);
      if (other.entry && other.entry !== whole.entry && other.p >= opts.bayesWeight) {
        whole =
          other.entry.kind === 'decline'
            ? { status: 'fallback', decline: other.entry, confidence: whole.confidence, ranked: whole.ranked }
            : {
                status: 'suggested',
                candidates: [whole.entry, other.entry],
                confidence: whole.confidence,
                ranked: whole.ranked,
              };
      }
    }
    // A decline (off-topic, manipulation) or a question without evidence is never split into parts.
    if (evidence === 'none' || (whole.status === 'fallback' && whole.decline)) return whole;
    const parts = clauses(question);
    if (parts.length < 2) return whole;
    // In a long message only the clauses that ask count: the rest is context ("I write a weekly post...").
    const long = unique.length > opts.longWords;
    const found: Entry[] = [];
    for (const part of parts) {
      if (long && !part.asks) continue;
      const r = decide(rank(part.text), opts, evidence);
      if (r.status === 'answered' && !found.includes(r.entry)) found.push(r.entry);
    }
    return combine(whole, found, long);
  }

  return { match, rank, tokens, evidence: (question) => scope.evidence(question, tokens(question)) };
}
