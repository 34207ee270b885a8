// explain(question): why the bot answers a question the way it does, for curators (`npm run kb:why`). It
// takes the path Bot.ask takes (small talk first, then the matcher on the question without a greeting) and
// reports every step of the matcher's own run (matcher.trace), so it says what the bot does, not a model
// of it. Plain data: ids, not entries, so it prints and serialises as it is.
import type { Knowledge } from '../knowledge/types.js';
import { createSmalltalk, type SmalltalkKind } from '../smalltalk.js';
import type { CombineRule, DecideRule } from './decide.js';
import { createMatcher } from './matcher.js';
import { MAX_INPUT_CHARS } from './normalise.js';
import { type MatchOptions, type MatchResult, optionsFor } from './options.js';
import { reasonsOf } from './reasons.js';
import type { EvidenceDetail } from './scope.js';
import type { WordsTrace } from './trace.js';

/** What the bot does: answer, ask "did you mean", fall back, answer with a decline entry, or small talk. */
export type Decision = 'answered' | 'suggested' | 'fallback' | 'decline' | 'smalltalk';

export interface Outcome {
  decision: Exclude<Decision, 'smalltalk'>;
  /** answered: the entry, then a second part if any; suggested: the choices; decline: the decline entry. */
  entries: string[];
  /** answered: a close runner-up, offered first as a follow-up. */
  related: string[];
}

export interface ExplainedEntry {
  id: string;
  kind: 'answer' | 'decline';
  score: number;
  /** Cosine against the entry's closest text, and that text. */
  phrasing: number;
  closest: string;
  /** Cosine against the whole entry. */
  whole: number;
}

export type ExplainedVeto =
  | { consulted: false; why: 'not-answered' | 'off' | 'clear-lead'; lead: number }
  | { consulted: true; lead: number; entry: string | undefined; p: number; vetoed: boolean }
  | { consulted: true; unsure: true; lead: number; entry: string | undefined; p: number; confirmed: boolean }
  | { consulted: true; rescue: true; lead: number; entry: string | undefined; p: number; rescued: boolean };

export type ExplainedClauses =
  | { split: false; why: 'no-evidence' | 'decline' | 'one-clause' }
  | {
      split: true;
      long: boolean;
      words: number;
      rule: CombineRule;
      parts: Array<{
        text: string;
        asks: boolean;
        skipped: boolean;
        rule?: DecideRule;
        outcome?: Outcome;
        /** The entry naive Bayes confirmed for the clause's "did you mean". */
        confirmed?: string;
      }>;
    };

export interface Explanation extends Omit<Outcome, 'decision'> {
  question: string;
  /** Set when the whole message is a greeting, thanks or help: smalltalk.yaml answers, not the matcher. */
  smalltalk: SmalltalkKind | undefined;
  decision: Decision;
  /** The text matched: the question without a leading greeting or trailing thanks. */
  matched: string;
  words: WordsTrace;
  evidence: EvidenceDetail;
  /** The whole message's best entries (at most `top`), best first. */
  top: ExplainedEntry[];
  /** The rule that decided on the whole message, before the second opinion and the clauses. */
  rule: DecideRule;
  veto: ExplainedVeto;
  clauses: ExplainedClauses;
  confidence: number;
  /** One sentence a step, in the order the matcher decides. */
  reasons: string[];
  /** The settings the decision used. */
  options: MatchOptions;
}

export interface Explainer {
  explain(question: string): Explanation;
}

export function outcomeOf(r: MatchResult): Outcome {
  switch (r.status) {
    case 'answered':
      return {
        decision: 'answered',
        entries: [r.entry.id, ...r.also.map((e) => e.id)],
        related: r.related.map((e) => e.id),
      };
    case 'suggested':
      return { decision: 'suggested', entries: r.candidates.map((e) => e.id), related: [] };
    case 'fallback':
      return r.decline
        ? { decision: 'decline', entries: [r.decline.id], related: [] }
        : { decision: 'fallback', entries: [], related: [] };
  }
}

export function createExplainer(
  knowledge: Knowledge,
  options: Partial<MatchOptions> = {},
  top = 5,
): Explainer {
  const opts = optionsFor(knowledge, options);
  const matcher = createMatcher(knowledge, opts);
  const smalltalk = createSmalltalk(knowledge.smalltalk);

  return {
    explain(question) {
      const kind = smalltalk.classify(question);
      const matched = smalltalk.strip(question);
      const t = matcher.trace(matched);
      const reasons = reasonsOf(t, opts);
      if (matched !== question.slice(0, MAX_INPUT_CHARS).trim())
        reasons.unshift(
          `small talk: the greeting or thanks around the question is left out; matched "${matched}"`,
        );
      const outcome = outcomeOf(t.result);
      const clauses: ExplainedClauses = t.clauses.split
        ? {
            ...t.clauses,
            parts: t.clauses.parts.map(({ result, confirmed, ...p }) => ({
              ...p,
              ...(confirmed ? { confirmed: confirmed.id } : {}),
              ...(result ? { outcome: outcomeOf(result) } : {}),
            })),
          }
        : t.clauses;
      const veto: ExplainedVeto = t.veto.consulted ? { ...t.veto, entry: t.veto.entry?.id } : t.veto;
      // Bot.ask answers small talk before matching; the matcher's view is still shown, as what it would do.
      if (kind)
        reasons.unshift(
          `small talk: the whole message is ${kind} (smalltalk.yaml), answered from there; the matcher's view follows`,
        );
      else reasons.push(`decision: ${outcome.decision}${outcome.entries.map((id) => ` "${id}"`).join(',')}`);
      return {
        question,
        smalltalk: kind,
        ...outcome,
        ...(kind ? { decision: 'smalltalk', entries: [], related: [] } : {}),
        matched,
        words: t.words,
        evidence: t.evidence,
        top: t.ranked.slice(0, top).map((r) => ({
          id: r.entry.id,
          kind: r.entry.kind,
          score: r.score,
          ...r.parts,
        })),
        rule: t.whole.rule,
        veto,
        clauses,
        confidence: t.result.confidence,
        reasons,
        options: opts,
      };
    },
  };
}
