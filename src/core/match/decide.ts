// The decision on a ranking: answer, suggest or fall back, and how clause-level answers join the whole
// message's. Pure functions of the ranking and the options, so tuning can reuse rankings.
import type { Entry } from '../knowledge/types.js';
import type { MatchOptions, MatchResult, Ranked } from './options.js';
import type { Evidence } from './scope.js';

/**
 * The whole message's decision, joined with what its clauses answered: a clause's entry beside the whole's
 * is a second part; when the whole was unsure, a clause that answers confidently is the question inside it.
 */
export function combine(whole: MatchResult, found: Entry[], long: boolean): MatchResult {
  if (whole.status === 'answered' && long && found.length > 0 && !found.includes(whole.entry)) {
    // A long message whose asking clauses point elsewhere than the whole: real ambiguity, so ask.
    const candidates = [whole.entry, ...found].slice(0, 3);
    return { status: 'suggested', candidates, confidence: whole.confidence, ranked: whole.ranked };
  }
  if (whole.status === 'answered') {
    const also = found.filter((e) => e !== whole.entry).slice(0, 1);
    if (also.length === 0) return whole;
    return { ...whole, also, related: whole.related.filter((e) => !also.includes(e)) };
  }
  const [first, ...rest] = found;
  if (!first) return whole;
  return {
    status: 'answered',
    entry: first,
    confidence: whole.confidence,
    ranked: whole.ranked,
    also: rest.slice(0, 1),
    related: [],
  };
}

export function leadOf(ranked: readonly Ranked[]): number {
  return (ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0);
}

/** The decision on a ranking: answer, suggest or fall back. Separate from ranking so tuning can reuse rankings. */
export function decide(ranked: Ranked[], opts: MatchOptions, evidence: Evidence = 'policy'): MatchResult {
  const [top, second] = ranked;
  const confidence = top?.score ?? 0;
  if (!top || top.score < opts.suggestFloor)
    return { status: 'fallback', decline: undefined, confidence, ranked };
  const lead = top.score - (second?.score ?? 0);
  if (top.entry.kind === 'decline' && top.score >= opts.threshold && lead >= opts.margin)
    return { status: 'fallback', decline: top.entry, confidence, ranked };
  if (evidence === 'none') {
    // Not about the policy: the best-ranked decline says what the bot can answer, else the plain fallback.
    const decline = ranked.find((r) => r.entry.kind === 'decline' && r.score >= opts.suggestFloor)?.entry;
    return { status: 'fallback', decline, confidence, ranked };
  }
  const close = lead < opts.margin;
  if (
    top.entry.kind === 'answer' &&
    top.score >= opts.threshold &&
    (!close || (top.score >= opts.threshold + opts.closeBonus && lead >= opts.closeLead))
  ) {
    const related =
      close && second?.entry.kind === 'answer' && second.entry !== top.entry ? [second.entry] : [];
    return { status: 'answered', entry: top.entry, confidence, ranked, also: [], related };
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
