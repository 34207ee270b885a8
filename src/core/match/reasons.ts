// The sentences kb:why prints under "why": one per step of the decision, each with the numbers and the
// setting it was compared with, so a curator can see which rule to work with (more phrasings, a synonym,
// a scope.yaml word) instead of guessing.
import type { Entry } from '../knowledge/types.js';
import { type DecideRule, SUGGEST_SPREAD } from './decide.js';
import type { MatchOptions, MatchResult } from './options.js';
import type { EvidenceDetail } from './scope.js';
import type { ClausesTrace, MatchTrace, VetoTrace } from './trace.js';

/** Scores and leads to three places: rules compare them with settings like margin 0.02. */
export const f3 = (n: number) => n.toFixed(3);
const q = (e: Entry | undefined) => (e ? `"${e.id}"` : 'nothing');

export function evidenceReason(e: EvidenceDetail, opts: MatchOptions): string {
  switch (e.verdict) {
    case 'policy':
      return `evidence: policy — it has the policy phrase "${e.policy}" (scope.yaml policy)`;
    case 'ai-and-data':
      return `evidence: ai-and-data — the AI word "${e.ai}" with the members'-data word "${e.data}" (scope.yaml ai + data)`;
    case 'short-known':
      return e.clause !== undefined
        ? `evidence: short-known — the asking clause "${e.clause}" is short and all its words are used by answer entries; the rest of the message has no word only decline entries use`
        : `evidence: short-known — ${e.words} content word(s), at most shortWords ${opts.shortWords}, all used by answer entries`;
    case 'none': {
      const half =
        e.ai !== undefined
          ? `the AI word "${e.ai}" but no data word`
          : e.data !== undefined
            ? `the data word "${e.data}" but no AI word`
            : 'no AI or data word';
      const short =
        e.words === 0
          ? 'no content words'
          : e.words > opts.shortWords
            ? `${e.words} content words, more than shortWords ${opts.shortWords}`
            : `words no answer entry uses: ${e.strangers.join(', ')}`;
      return `evidence: none — no policy phrase, ${half}, and not a short known question (${short}); no answer entry may answer`;
    }
  }
}

/** Why decide() did not answer: the first answering condition that failed. */
function notAnswered(r: MatchResult, opts: MatchOptions): string {
  const [top, second] = r.ranked;
  if (!top) return 'nothing ranked';
  const lead = top.score - (second?.score ?? 0);
  if (top.entry.kind === 'decline')
    return `the top entry ${q(top.entry)} is a decline, but not a clear one (score ${f3(top.score)} vs threshold ${opts.threshold}, lead ${f3(lead)} vs margin ${opts.margin})`;
  if (top.score < opts.threshold)
    return `${q(top.entry)} scores ${f3(top.score)}, under the threshold ${opts.threshold}`;
  return `${q(top.entry)} leads ${q(second?.entry)} by only ${f3(lead)} (margin ${opts.margin}), and is not strong enough to answer anyway (needs score ≥ ${f3(opts.threshold + opts.closeBonus)} and lead ≥ ${opts.closeLead})`;
}

export function decideReason(rule: DecideRule, r: MatchResult, opts: MatchOptions): string {
  const [top, second] = r.ranked;
  const lead = (top?.score ?? 0) - (second?.score ?? 0);
  const ahead = `${f3(lead)} ahead of ${q(second?.entry)}`;
  switch (rule) {
    case 'nothing-close':
      return top
        ? `the best entry ${q(top.entry)} scores ${f3(top.score)}, under the suggestion floor ${opts.suggestFloor}: fallback`
        : 'no entry shares a word with it: fallback';
    case 'clear-decline':
      return `the decline ${q(top?.entry)} ranks first with ${f3(top?.score ?? 0)} ≥ threshold ${opts.threshold}, ${ahead} (margin ${opts.margin}): declined`;
    case 'no-evidence':
      return r.status === 'fallback' && r.decline
        ? `without evidence no answer entry may answer; the best decline over the floor, ${q(r.decline)}, says what to ask instead`
        : `without evidence no answer entry may answer, and no decline scores over the floor ${opts.suggestFloor}: plain fallback`;
    case 'clear':
      return `${q(top?.entry)} scores ${f3(top?.score ?? 0)} ≥ threshold ${opts.threshold} and is ${ahead} ≥ margin ${opts.margin}: answered`;
    case 'close-but-strong':
      return `${q(top?.entry)} is only ${ahead} (margin ${opts.margin}) but scores ${f3(top?.score ?? 0)} ≥ threshold + closeBonus ${f3(opts.threshold + opts.closeBonus)} with a lead ≥ closeLead ${opts.closeLead}: answered, ${q(second?.entry)} offered first as related`;
    case 'suggest': {
      const choices = r.status === 'suggested' ? r.candidates.map((e) => `"${e.id}"`).join(', ') : '';
      return `${notAnswered(r, opts)}: did you mean ${choices} (answer entries within ${SUGGEST_SPREAD} of the top)`;
    }
    case 'nothing-to-suggest':
      return `${notAnswered(r, opts)}, and no answer entry is within ${SUGGEST_SPREAD} of the top to offer: fallback`;
  }
}

export function vetoReason(
  v: VetoTrace,
  answered: Entry | undefined,
  opts: MatchOptions,
): string | undefined {
  if (!v.consulted) {
    if (v.why === 'not-answered') return undefined;
    if (v.why === 'off') return 'naive Bayes: turned off (bayesWeight 0)';
    return `naive Bayes: not consulted — the lead ${f3(v.lead)} is at least vetoLead ${opts.vetoLead}`;
  }
  const pick = `${q(v.entry)} (p ${f3(v.p)})`;
  if ('rescue' in v)
    return v.rescued
      ? `naive Bayes rescues: it is sure of ${pick} ≥ rescueP ${opts.rescueP}, in the top three at rescueFloor ${opts.rescueFloor} or more: answered`
      : `naive Bayes: no rescue (${pick}; needs p ≥ rescueP ${opts.rescueP}, an answer entry in the top three at rescueFloor ${opts.rescueFloor} or more)`;
  if ('unsure' in v)
    return v.confirmed
      ? `naive Bayes confirms: it is sure of ${pick} ≥ confirmP ${opts.confirmP}, one of the choices: answered`
      : `naive Bayes: not sure of a choice (${pick}, confirmP ${opts.confirmP}): did you mean stays`;
  if (v.vetoed) {
    const then =
      v.entry?.kind === 'decline'
        ? 'it is a decline: fallback'
        : `did you mean ${q(answered)} or ${q(v.entry)}`;
    return `naive Bayes veto: the lead ${f3(v.lead)} is under vetoLead ${opts.vetoLead} and Bayes is sure of ${pick} ≥ bayesWeight ${opts.bayesWeight}: ${then}`;
  }
  if (v.entry === answered)
    return `naive Bayes agrees on a narrow win (lead ${f3(v.lead)} < vetoLead ${opts.vetoLead}): ${pick}`;
  return `naive Bayes prefers ${pick}, under bayesWeight ${opts.bayesWeight}: no veto`;
}

export function clausesReasons(c: ClausesTrace, opts: MatchOptions): string[] {
  if (!c.split) {
    if (c.why === 'one-clause') return ['clauses: one clause, nothing to split'];
    return [`clauses: not split (${c.why === 'decline' ? 'a decline is never split' : 'no evidence'})`];
  }
  const asked = c.parts.filter((p) => !p.skipped);
  const answering = asked.flatMap((p) =>
    p.result?.status === 'answered'
      ? [
          p.confirmed
            ? `"${p.result.entry.id}" (its did you mean confirmed by naive Bayes ≥ clauseConfirmP ${opts.clauseConfirmP})`
            : `"${p.result.entry.id}"`,
        ]
      : [],
  );
  const head = c.long
    ? `clauses: ${c.parts.length}, a long message (${c.words} content words > longWords ${opts.longWords}) so only the ${asked.length} that ask count`
    : `clauses: ${c.parts.length}`;
  const said = answering.length > 0 ? `they answer ${answering.join(', ')}` : 'none answers';
  const joined: Record<typeof c.rule, string> = {
    'long-disagrees': 'the asking clauses point elsewhere than the whole message: did you mean',
    'long-keeps-whole':
      'the asking clauses point elsewhere, but the whole message leads by longKeepLead or more: answered, their entry offered next',
    'second-part': 'a clause answers another entry: both are answered',
    unchanged: 'they add nothing to the whole message',
    'clause-answers': 'the whole message was unsure, a clause answers: that is the answer',
    'no-clause-answers': 'the whole message stays unanswered',
  };
  return [`${head}; ${said}; ${joined[c.rule]}`];
}

/** Every reason, in the order the matcher decides. */
export function reasonsOf(t: MatchTrace, opts: MatchOptions): string[] {
  const answered = t.whole.result.status === 'answered' ? t.whole.result.entry : undefined;
  const veto = vetoReason(t.veto, answered, opts);
  return [
    evidenceReason(t.evidence, opts),
    `whole message: ${decideReason(t.whole.rule, t.whole.result, opts)}`,
    ...(veto ? [veto] : []),
    ...clausesReasons(t.clauses, opts),
  ];
}
