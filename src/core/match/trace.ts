// What the matcher did with one question, step by step: the record behind kb:why (explain.ts) and the
// collision notes of kb:check. matcher.ts fills it from the same code path match() takes, so it cannot
// drift from what the bot answers.
import type { Entry } from '../knowledge/types.js';
import type { CombineRule, DecideRule } from './decide.js';
import type { MatchResult } from './options.js';
import type { ScoreParts } from './ranker.js';
import type { EvidenceDetail } from './scope.js';
import type { TokenTrace } from './tokens.js';

/** One content word of the question. */
export interface WordTrace {
  /** As written after normalising and synonym expansion. */
  word: string;
  stem: string;
  /** What the matcher compares: the stem, or the knowledge word a typo was repaired to. */
  seen: string;
  repaired: boolean;
  /** Whether the knowledge base uses it; an unknown word lowers every score. */
  known: boolean;
  /** Its weight in the question (inverse entry frequency; unknown words a fixed penalty weight). */
  weight: number;
}

export interface WordsTrace extends Omit<TokenTrace, 'kept'> {
  words: WordTrace[];
  /** Adjacent pairs the knowledge base also uses ("privat messag"), with their weight. */
  pairs: Array<{ pair: string; weight: number }>;
}

export interface RankTrace {
  entry: Entry;
  score: number;
  parts: ScoreParts;
}

/** The naive Bayes second opinion on a narrow win. */
export type VetoTrace =
  | {
      consulted: false;
      /** Not answered (nothing to veto), turned off (bayesWeight 0), or the win is wide enough. */
      why: 'not-answered' | 'off' | 'clear-lead';
      lead: number;
    }
  | { consulted: true; lead: number; entry: Entry | undefined; p: number; vetoed: boolean }
  /** Asked on a "did you mean": a candidate Bayes is sure of (p >= confirmP) is answered. */
  | { consulted: true; unsure: true; lead: number; entry: Entry | undefined; p: number; confirmed: boolean }
  /** Asked on a fallback without a clear decline: an answer entry Bayes is sure of (p >= rescueP), in
   * the cosine top three at rescueFloor or more, is answered. */
  | { consulted: true; rescue: true; lead: number; entry: Entry | undefined; p: number; rescued: boolean };

export interface ClauseTrace {
  text: string;
  asks: boolean;
  /** In a long message only clauses that ask are looked at. */
  skipped: boolean;
  rule?: DecideRule;
  result?: MatchResult;
  /** The clause's "did you mean" was answered: naive Bayes was sure (p >= clauseConfirmP) of this choice. */
  confirmed?: Entry;
}

export type ClausesTrace =
  | {
      split: false;
      /** No evidence or a decline is never split; a message of one clause has nothing to split. */
      why: 'no-evidence' | 'decline' | 'one-clause';
    }
  | { split: true; long: boolean; words: number; parts: ClauseTrace[]; rule: CombineRule };

export interface MatchTrace {
  words: WordsTrace;
  evidence: EvidenceDetail;
  /** The whole message's ranking, with how each score was made. */
  ranked: RankTrace[];
  /** decide() on the whole message, before the second opinion. */
  whole: { rule: DecideRule; result: MatchResult };
  veto: VetoTrace;
  clauses: ClausesTrace;
  /** Exactly what match() returns. */
  result: MatchResult;
}

/** What a question shares with one entry: the words behind a collision. */
export interface Overlap {
  /** Shared terms, heaviest first; a pair is two words joined by a space. */
  shared: Array<{ term: string; pair: boolean; weight: number }>;
  /** How the entry's score for the question was made (undefined when it shares nothing). */
  parts: ScoreParts | undefined;
}
