// The decision on a ranking: answer, suggest or fall back, and how clause-level answers join the whole
// message's. Pure functions of the ranking and the options, so tuning can reuse rankings. Each also names
// the rule that decided, so kb:why can say why without a second copy of the rules.
import type { Entry } from '../knowledge/types.js';
import type { MatchOptions, MatchResult, Ranked } from './options.js';
import type { Evidence } from './scope.js';

/** Which rule of decide() decided (in the order they are tried). */
export type DecideRule =
  /** Nothing ranked, or the top score is under suggestFloor: fallback. */
  | 'nothing-close'
  /** A decline entry ranks first, over the threshold and clear of the runner-up: fallback with it. */
  | 'clear-decline'
  /** The question is not about the policy: fallback, with the best decline over the floor if any. */
  | 'no-evidence'
  /** An answer entry over the threshold, at least `margin` ahead: answered. */
  | 'clear'
  /** Ahead by less than `margin`, but over threshold + closeBonus and at least closeLead ahead: answered. */
  | 'close-but-strong'
  /** Not sure enough to answer: "did you mean" with the answer entries near the top. */
  | 'suggest'
  /** Not sure enough, and no answer entry near the top to offer: fallback. */
  | 'nothing-to-suggest';

/** How clause-level answers changed the whole message's decision (combine()). */
export type CombineRule =
  /** A long message whose asking clauses point elsewhere than the whole: "did you mean". */
  | 'long-disagrees'
  /** ...but the whole message's answer leads clearly: answered, the clauses' entry offered next. */
  | 'long-keeps-whole'
  /** A clause answered another entry too: both are answered. */
  | 'second-part'
  /** The whole message was answered and the clauses add nothing. */
  | 'unchanged'
  /** The whole message was unsure; a clause answered confidently: that is the answer. */
  | 'clause-answers'
  /** The whole message was unsure and no clause answered either. */
  | 'no-clause-answers';

/** Entries within this much of the top score are offered as "did you mean" choices. */
export const SUGGEST_SPREAD = 0.15;

/**
 * The whole message's decision, joined with what its clauses answered: a clause's entry beside the whole's
 * is a second part; when the whole was unsure, a clause that answers confidently is the question inside it.
 */
export function combineWhy(
  whole: MatchResult,
  found: Entry[],
  long: boolean,
  declined: readonly Entry[] = [],
  keepLead = 0,
): { result: MatchResult; rule: CombineRule } {
  if (whole.status === 'answered' && long && found.length > 0 && !found.includes(whole.entry)) {
    if (keepLead > 0 && leadOf(whole.ranked) >= keepLead) {
      // The whole message is clearly about one entry; a clause ("is that still the case?") is too thin
      // to overrule it. Offer the clause's entry as the follow-up instead of asking.
      const related = [...found.slice(0, 1), ...whole.related.filter((e) => !found.includes(e))];
      return { result: { ...whole, related: related.slice(0, 2) }, rule: 'long-keeps-whole' };
    }
    // A long message whose asking clauses point elsewhere than the whole: real ambiguity, so ask.
    const candidates = [whole.entry, ...found].slice(0, 3);
    return {
      result: { status: 'suggested', candidates, confidence: whole.confidence, ranked: whole.ranked },
      rule: 'long-disagrees',
    };
  }
  if (whole.status === 'answered') {
    // An answer clause first; a declined clause only when no other answer is there to attach.
    const also = [...found.filter((e) => e !== whole.entry), ...declined].slice(0, 1);
    if (also.length === 0) return { result: whole, rule: 'unchanged' };
    const related = whole.related.filter((e) => !also.includes(e));
    return { result: { ...whole, also, related }, rule: 'second-part' };
  }
  const [first, ...rest] = found;
  if (!first) return { result: whole, rule: 'no-clause-answers' };
  return {
    result: {
      status: 'answered',
      entry: first,
      confidence: whole.confidence,
      ranked: whole.ranked,
      also: [...rest, ...declined].slice(0, 1),
      related: [],
    },
    rule: 'clause-answers',
  };
}

export function combine(
  whole: MatchResult,
  found: Entry[],
  long: boolean,
  declined: readonly Entry[] = [],
  keepLead = 0,
): MatchResult {
  return combineWhy(whole, found, long, declined, keepLead).result;
}

export function leadOf(ranked: readonly Ranked[]): number {
  return (ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0);
}

/** decide() with the rule that decided. */
export function decideWhy(
  ranked: Ranked[],
  opts: MatchOptions,
  evidence: Evidence = 'policy',
): { result: MatchResult; rule: DecideRule } {
  const [top, second] = ranked;
  const confidence = top?.score ?? 0;
  if (!top || top.score < opts.suggestFloor)
    return { result: { status: 'fallback', decline: undefined, confidence, ranked }, rule: 'nothing-close' };
  const lead = top.score - (second?.score ?? 0);
  if (top.entry.kind === 'decline' && top.score >= opts.threshold && lead >= opts.margin)
    return { result: { status: 'fallback', decline: top.entry, confidence, ranked }, rule: 'clear-decline' };
  if (evidence === 'none') {
    // Not about the policy: the best-ranked decline says what the bot can answer, else the plain fallback.
    const decline = ranked.find((r) => r.entry.kind === 'decline' && r.score >= opts.suggestFloor)?.entry;
    return { result: { status: 'fallback', decline, confidence, ranked }, rule: 'no-evidence' };
  }
  const close = lead < opts.margin;
  if (
    top.entry.kind === 'answer' &&
    top.score >= opts.threshold &&
    (!close || (top.score >= opts.threshold + opts.closeBonus && lead >= opts.closeLead))
  ) {
    const related =
      close && second?.entry.kind === 'answer' && second.entry !== top.entry ? [second.entry] : [];
    return {
      result: { status: 'answered', entry: top.entry, confidence, ranked, also: [], related },
      rule: close ? 'close-but-strong' : 'clear',
    };
  }
  const candidates = ranked
    .filter(
      (r) =>
        r.entry.kind === 'answer' && r.score >= opts.suggestFloor && top.score - r.score < SUGGEST_SPREAD,
    )
    .slice(0, 3)
    .map((r) => r.entry);
  if (candidates.length === 0) {
    const decline = top.entry.kind === 'decline' ? top.entry : undefined;
    return { result: { status: 'fallback', decline, confidence, ranked }, rule: 'nothing-to-suggest' };
  }
  return { result: { status: 'suggested', candidates, confidence, ranked }, rule: 'suggest' };
}

/** The decision on a ranking: answer, suggest or fall back. Separate from ranking so tuning can reuse rankings. */
export function decide(ranked: Ranked[], opts: MatchOptions, evidence: Evidence = 'policy'): MatchResult {
  return decideWhy(ranked, opts, evidence).result;
}
