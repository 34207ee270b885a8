// explain(): the decision and the reasons behind it, on the shipped knowledge base; and that it reports the
// bot's own decision (the same path as Bot.ask), never a second opinion of its own.
import { describe, expect, it } from 'vitest';
import { loadEvalSet } from '../../../../eval/evaluate.js';
import { createBot } from '../../../../src/core/bot.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import { createExplainer, type Explanation, outcomeOf } from '../../../../src/core/match/explain.js';
import { createMatcher } from '../../../../src/core/match/matcher.js';

const knowledge = loadKnowledge();
const { explain } = createExplainer(knowledge);

describe('explain()', () => {
  it('an answered question: clear winner over the threshold and margin, with the words it was decided on', () => {
    const x = explain('are my private messages used for ai training?');
    expect(x.decision).toBe('answered');
    expect(x.entries).toEqual(['private-messages']);
    expect(x.rule).toBe('clear');
    expect(x.evidence.verdict).not.toBe('none');
    expect(x.top[0]).toMatchObject({ id: 'private-messages', kind: 'answer' });
    expect(x.top[0]?.score).toBe(x.confidence);
    expect(x.words.words.map((w) => w.seen)).toEqual(expect.arrayContaining(['privat', 'messag', 'train']));
    expect(x.reasons).toContainEqual(
      expect.stringMatching(
        /^whole message: "private-messages" scores 0\.\d{3} ≥ threshold 0\.34 and is 0\.\d{3} ahead of "[a-z-]+" ≥ margin 0\.02: answered$/,
      ),
    );
    expect(x.reasons).toContainEqual(
      expect.stringMatching(/^naive Bayes: not consulted — the lead 0\.\d{3} is at least vetoLead 0\.1$/),
    );
    expect(x.reasons.at(-1)).toBe('decision: answered "private-messages"');
  });

  it('an off-topic question: no evidence, and the decline that ranks first answers instead', () => {
    const x = explain('what is the weather in Paris');
    expect(x.decision).toBe('decline');
    expect(x.entries).toEqual(['general-chat']);
    expect(x.evidence).toMatchObject({ verdict: 'none', strangers: ['weather'] });
    expect(x.reasons[0]).toMatch(
      /^evidence: none — no policy phrase, .*words no answer entry uses: weather\); no answer entry may answer$/,
    );
    expect(x.clauses).toEqual({ split: false, why: 'no-evidence' });
    // The synonym step is shown: "paris" is an alias of europe.
    expect(x.words.synonyms).toContainEqual({ alias: 'paris', canonical: 'europe' });
  });

  it('a near tie naive Bayes is not sure of either: "did you mean" with both entries, as the lead is under the margin', () => {
    const x = explain('uk or europe?');
    expect(x.decision).toBe('suggested');
    expect(x.rule).toBe('suggest');
    expect(x.entries.slice(0, 2)).toEqual(['europe', 'uk']);
    const [first, second] = x.top;
    expect((first?.score ?? 0) - (second?.score ?? 0)).toBeLessThan(x.options.margin);
    expect(x.veto).toMatchObject({ consulted: true, unsure: true, confirmed: false });
    expect(x.reasons).toContainEqual(
      expect.stringMatching(
        /^whole message: "europe" leads "uk" by only 0\.0\d\d \(margin 0\.02\), and is not strong enough .*: did you mean "europe", "uk"/,
      ),
    );
    expect(x.reasons).toContainEqual(
      expect.stringMatching(
        /^naive Bayes: not sure of a choice \("uk" \(p 0\.\d{3}\), confirmP 0\.7\): did you mean stays$/,
      ),
    );
  });

  it('the same near tie naive Bayes is sure of: answered, the runner-up offered as a follow-up', () => {
    const x = explain('the polls or the start date?');
    expect(x.rule).toBe('suggest');
    expect(x.veto).toMatchObject({ consulted: true, unsure: true, confirmed: true, entry: 'start-date' });
    expect(x.decision).toBe('answered');
    expect(x.entries).toEqual(['start-date']);
    expect(x.related).toEqual(['posts-activity']);
  });

  it('a narrow win naive Bayes disagrees with: the veto turns the answer into "did you mean"', () => {
    const x = explain('deadline over, can i still switch it off?');
    expect(x.veto).toMatchObject({ consulted: true, vetoed: true, entry: 'too-late' });
    expect(x.decision).toBe('suggested');
    expect(x.entries).toEqual(['deadline', 'too-late']);
    expect(x.reasons).toContainEqual(
      expect.stringMatching(
        /^naive Bayes veto: the lead 0\.\d{3} is under vetoLead 0\.1 and Bayes is sure of "too-late"/,
      ),
    );
  });

  it('an unsure "did you mean" naive Bayes is sure of: answered with that choice, which confirmP 0 would only offer', () => {
    // Found among the evaluation's questions rather than named, so phrasing rounds cannot silently turn the
    // example into a clear win: the rule must fire on some of them and, wherever it fires, be the only change.
    const unsure = createMatcher(knowledge, { confirmP: 0 });
    const confirmed = loadEvalSet()
      .items.map((i) => explain(i.q))
      .filter((x) => x.veto.consulted && 'unsure' in x.veto && x.veto.confirmed && x.rule === 'suggest');
    expect(confirmed.length).toBeGreaterThan(5);
    for (const x of confirmed) {
      if (!x.veto.consulted || !('unsure' in x.veto)) continue;
      expect(x.veto.p).toBeGreaterThanOrEqual(x.options.confirmP);
      expect(x.veto.entry).toBeDefined();
      // Without the rule the whole message is "did you mean" with the confirmed entry among its choices
      // (a clause may still answer it: two-part and long messages).
      const before = unsure.trace(x.matched).whole.result;
      expect(before.status, x.question).toBe('suggested');
      if (before.status === 'suggested') expect(before.candidates.map((e) => e.id)).toContain(x.veto.entry);
      expect(x.reasons).toContainEqual(
        expect.stringMatching(
          /^naive Bayes confirms: it is sure of "[a-z0-9-]+" \(p [01]\.\d{3}\) ≥ confirmP 0\.7/,
        ),
      );
    }
    // A confirmed choice is what the whole message answers unless a clause changed it (two-part, long).
    const whole = confirmed.filter((x) => x.clauses.split === false);
    expect(whole.length).toBeGreaterThan(0);
    for (const x of whole) {
      if (!x.veto.consulted || !('unsure' in x.veto)) continue;
      expect(x.decision).toBe('answered');
      expect(x.entries[0]).toBe(x.veto.entry);
    }
  });

  it('a fallback naive Bayes is very sure of: answered with an entry the cosine ranking has near the top, which rescueP 0 leaves a fallback', () => {
    // Found among the evaluation's questions, for the same reason as above.
    const strict = createMatcher(knowledge, { rescueP: 0 });
    const all = loadEvalSet().items.map((i) => explain(i.q));
    const rescued = all.filter((x) => x.veto.consulted && 'rescue' in x.veto && x.veto.rescued);
    expect(rescued.length).toBeGreaterThan(0);
    for (const x of rescued) {
      const { veto } = x;
      if (!veto.consulted || !('rescue' in veto)) continue;
      expect(veto.p).toBeGreaterThanOrEqual(x.options.rescueP);
      expect(['nothing-close', 'nothing-to-suggest']).toContain(x.rule);
      expect(x.evidence.verdict).not.toBe('none');
      // The rescued entry is an answer entry in the cosine top three, at rescueFloor or more.
      const near = x.top.slice(0, 3).find((t) => t.id === veto.entry);
      expect(near?.kind, x.question).toBe('answer');
      expect(near?.score ?? 0).toBeGreaterThanOrEqual(x.options.rescueFloor);
      expect(strict.trace(x.matched).whole.result.status, x.question).toBe('fallback');
      expect(x.reasons).toContainEqual(
        expect.stringMatching(
          /^naive Bayes rescues: it is sure of "[a-z0-9-]+" \(p [01]\.\d{3}\) ≥ rescueP 0\.9/,
        ),
      );
      if (x.clauses.split === false) expect(x.entries[0]).toBe(veto.entry);
    }
    // A fallback Bayes is less sure of stays a fallback, and says so.
    const kept = all.filter((x) => x.veto.consulted && 'rescue' in x.veto && !x.veto.rescued);
    expect(kept.length).toBeGreaterThan(0);
    for (const x of kept) {
      expect(x.reasons).toContainEqual(expect.stringMatching(/^naive Bayes: no rescue/));
      if (x.clauses.split === false) expect(x.decision).not.toBe('answered');
    }
    // Never on a question that is not about the policy: an off-topic one keeps its decline.
    const off = explain('what is the weather in Paris');
    expect(off.veto).toMatchObject({ consulted: false, why: 'not-answered' });
  });

  it('a clause whose own "did you mean" naive Bayes confirms: that clause answers, which clauseConfirmP 0 would not', () => {
    const strict = createMatcher(knowledge, { clauseConfirmP: 0 });
    const confirmed = loadEvalSet()
      .items.map((i) => explain(i.q))
      .flatMap((x) =>
        x.clauses.split ? x.clauses.parts.filter((p) => p.confirmed).map((p) => ({ x, p })) : [],
      );
    expect(confirmed.length).toBeGreaterThan(0);
    for (const { x, p } of confirmed) {
      expect(p.rule, x.question).toBe('suggest');
      expect(p.outcome).toMatchObject({ decision: 'answered', entries: [p.confirmed] });
      expect(x.reasons.join('\n')).toContain(`"${p.confirmed}" (its did you mean confirmed by naive Bayes`);
      const before = strict.trace(x.matched).clauses;
      const same = before.split ? before.parts.find((b) => b.text === p.text) : undefined;
      expect(same?.result?.status, x.question).toBe('suggested');
    }
  });

  it('a two-part question: each clause and what it answers', () => {
    const x = explain('is my cv and my inbox used?');
    expect(x.decision).toBe('answered');
    expect(x.entries).toEqual(['private-messages', 'resumes-applications']);
    expect(x.clauses).toMatchObject({ split: true, long: false, rule: 'second-part' });
    expect(x.reasons).toContainEqual(
      expect.stringMatching(/^clauses: 2; they answer .*: both are answered$/),
    );
  });

  it('a two-part question behind a preamble: the clauses that ask are the parts, not the preamble', () => {
    // "two quick ones" alone ranks an entry ("why are there two changes"), but it asks nothing.
    const x = explain('two quick ones: where do i get the objection form, and are DMs used?');
    expect(x.entries).toEqual(['objection-form', 'private-messages']);
    expect(x.clauses).toMatchObject({ split: true, rule: 'second-part' });
  });

  it('a two-part question whose second part the bot declines: the decline is the second part, never the first', () => {
    const x = explain('when did linkedin start training ai on profiles, and does x do the same?');
    expect(x.decision).toBe('answered');
    expect(x.entries).toEqual(['start-date', 'other-platforms']);
  });

  it('shows a typo repair, and nothing for a question no entry shares a word with', () => {
    expect(explain('deadlnie for opting out').words.words).toContainEqual(
      expect.objectContaining({ stem: 'deadlni', seen: 'deadlin', repaired: true, known: true }),
    );
    const none = explain('qwzx blorf');
    expect(none).toMatchObject({ decision: 'fallback', entries: [], rule: 'nothing-close', top: [] });
    expect(none.words.words.every((w) => !w.known)).toBe(true);
  });

  it('small talk is small talk, and a greeting around a question is left out before matching', () => {
    expect(explain('hello')).toMatchObject({ decision: 'smalltalk', smalltalk: 'greeting', entries: [] });
    const x = explain('hi there, are DMs used?');
    expect(x).toMatchObject({
      decision: 'answered',
      entries: ['private-messages'],
      matched: 'are DMs used?',
    });
    expect(x.reasons[0]).toMatch(/^small talk: the greeting or thanks around the question is left out/);
  });

  it('is plain data: it survives JSON unchanged', () => {
    const x = explain('can linkedin read my dms?');
    expect(JSON.parse(JSON.stringify(x))).toEqual(x);
  });
});

describe('explain() reports what the bot does', () => {
  const questions = [
    ...loadEvalSet().items.map((i) => i.q),
    ...knowledge.entries.flatMap((e) => e.phrasings.slice(0, 3)),
    'hi',
    'thanks so much',
    'help',
  ];

  it('its decision is the matcher’s result on every evaluation question', () => {
    const matcher = createMatcher(knowledge);
    const differ = questions.filter((q) => {
      const x = explain(q);
      if (x.decision === 'smalltalk') return false;
      const direct = outcomeOf(matcher.match(x.matched));
      return direct.decision !== x.decision || direct.entries.join() !== x.entries.join();
    });
    expect(differ).toEqual([]);
  });

  it('and agrees with Bot.ask on status and entry, small talk included', () => {
    const bot = createBot({ knowledge, clock: new ManualClock('2026-12-01T12:00:00Z') });
    const asBot = (x: Explanation) => {
      if (x.decision === 'smalltalk') return `answered:${x.smalltalk}`;
      if (x.decision === 'decline') return `fallback:${x.entries[0]}`;
      if (x.decision === 'suggested') return `suggested:${x.entries.join(',')}`;
      return `${x.decision}:${x.entries[0] ?? ''}`;
    };
    const differ = questions.flatMap((q) => {
      const reply = bot.ask(q);
      const said =
        reply.status === 'suggested'
          ? `suggested:${reply.followUps.map((f) => f.id).join(',')}`
          : `${reply.status}:${reply.id ?? ''}`;
      const explained = asBot(explain(q));
      return said === explained ? [] : [`${q}: bot ${said}, explain ${explained}`];
    });
    expect(differ).toEqual([]);
  });
});
