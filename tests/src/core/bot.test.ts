import { describe, expect, it } from 'vitest';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { CodedError } from '../../../src/core/errors.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { renderDates } from '../../../src/core/reply.js';

const knowledge = loadKnowledge();
const clock = new ManualClock('2025-11-20T12:00:00Z');
const bot = createBot({ knowledge, clock });
const plain = (r: { text: string; dates: Parameters<typeof renderDates>[1] }) =>
  renderDates(r.text, r.dates, (d) => d.fallback);

describe('createBot().ask', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', '   \n\t  '],
    ['100 kB of text', 'linkedin '.repeat(12_000)],
    ['binary-looking', '\u0000\u0001\u0002\uFFFD\u0007PK\u0003\u0004'],
    ['emoji only', '🤖🤖🔥👀'],
    ['mentions only', '<@U123> <@!456> <!channel> @everyone'],
  ])('%s input gets a reply, never a throw', (_name, input) => {
    const reply = bot.ask(input);
    expect(['answered', 'suggested', 'fallback']).toContain(reply.status);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.confidence).toBeGreaterThanOrEqual(0);
    expect(reply.confidence).toBeLessThanOrEqual(1);
  });

  it('a question wrapped in mentions is still answered', () => {
    const reply = bot.ask('<@U123ABC> are my DMs used for AI training?');
    expect(reply.status).toBe('answered');
    expect(reply.id).toBe('private-messages');
  });

  it('greetings, thanks and help get short answers listing what it can answer', () => {
    for (const [q, id] of [
      ['hi', 'greeting'],
      ['Hello there!', 'greeting'],
      ['thanks!', 'thanks'],
      ['help', 'help'],
      ['what can you do?', 'help'],
    ] as const) {
      const reply = bot.ask(q);
      expect(reply.id, q).toBe(id);
      expect(reply.followUps.length, q).toBeGreaterThan(0);
    }
  });

  it('a greeting in front of a question does not hide the question', () => {
    expect(bot.ask('hi! how do I opt out?').id).toBe('how-to-opt-out');
  });

  it('off-topic LinkedIn and other-platform questions get no confident answer', () => {
    for (const q of [
      'how do I reset my linkedin password',
      'how do I opt out of meta ai training',
      'best pizza in town',
    ]) {
      expect(bot.ask(q).status, q).not.toBe('answered');
    }
  });

  it('a vague question gets up to 3 "did you mean" choices or a fallback with popular questions', () => {
    const reply = bot.ask('what about it');
    expect(reply.status).not.toBe('answered');
    expect(reply.followUps.length).toBeGreaterThan(0);
    if (reply.status === 'suggested') expect(reply.followUps.length).toBeLessThanOrEqual(3);
  });

  it('answers carry sources, links and follow-ups as data', () => {
    const reply = bot.optOut();
    expect(reply.id).toBe('how-to-opt-out');
    expect(reply.steps).toHaveLength(5);
    expect(reply.links.map((l) => l.url)).toContain(
      'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement',
    );
    expect(reply.sources.length).toBeGreaterThan(0);
    for (const f of reply.followUps) expect(knowledge.byId.has(f.id)).toBe(true);
  });
});

describe('time-aware answers', () => {
  it('before the start date the deadline counts down, with the date as a structured value', () => {
    const early = createBot({ knowledge, clock: new ManualClock('2025-10-27T09:00:00Z') });
    const reply = early.deadline();
    expect(plain(reply)).toMatch(/in 7 days/);
    expect(reply.dates.map((d) => d.iso)).toContain('2025-11-03T00:00:00.000Z');
    expect(reply.text).toMatch(/\{date:\d+\}/);
  });

  it('the day before, it says tomorrow', () => {
    const reply = createBot({ knowledge, clock: new ManualClock('2025-11-02T10:00:00Z') }).deadline();
    expect(plain(reply)).toMatch(/tomorrow/);
  });

  it('after the start date it says when it passed and that opting out still stops future use', () => {
    const reply = createBot({ knowledge, clock: new ManualClock('2025-11-29T12:00:00Z') }).deadline();
    expect(plain(reply)).toMatch(/3 weeks ago/);
    expect(plain(reply)).toMatch(/still stops future use/);
  });

  it('the same bot moves with its clock', () => {
    const c = new ManualClock('2025-10-30T00:00:00Z');
    const b = createBot({ knowledge, clock: c });
    expect(plain(b.deadline())).toMatch(/in 4 days/);
    c.set('2025-11-13T00:00:00Z');
    expect(plain(b.deadline())).toMatch(/10 days ago/);
  });
});

describe('suggest (autocomplete)', () => {
  it('offers matching canonical questions, at most the limit, unique', () => {
    const choices = bot.suggest('dms', 25);
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.id).toBe('private-messages');
    expect(new Set(choices.map((c) => c.id)).size).toBe(choices.length);
  });
  it('with no input offers the popular questions first', () => {
    expect(bot.suggest('', 5)[0]?.id).toBe('how-to-opt-out');
  });
});

describe('createBot().ask with a two-part question', () => {
  it('answers both entries, and the reply carries one list of their links and sources, none repeated', () => {
    const reply = bot.ask('are my CV and my InMail messages used?');
    const parts = [reply, ...(reply.also ?? [])];
    expect(parts.map((p) => p.id).sort()).toEqual(['private-messages', 'resumes-applications']);
    const entryLinks = parts.flatMap((p) => knowledge.byId.get(p.id ?? '')?.links ?? []).map((l) => l.url);
    expect(reply.links.map((l) => l.url).sort()).toEqual([...new Set(entryLinks)].sort());
    expect(new Set(reply.sources.map((s) => s.id)).size).toBe(reply.sources.length);
    for (const part of reply.also ?? [])
      expect([part.links, part.sources, part.followUps]).toEqual([[], [], []]);
  });
});

describe('createBot().ask when something inside throws', () => {
  // A synonym table that breaks on one alias no phrasing uses: building the matcher works, and the matcher
  // throws only while expanding a question containing that alias. Real knowledge otherwise, no mocks.
  class BrokenSynonyms extends Map<string, string> {
    constructor(private readonly failure: Error) {
      super([...knowledge.synonyms, ['kaboom', 'linkedin']]);
    }
    override get(alias: string): string | undefined {
      if (alias === 'kaboom') throw this.failure;
      return super.get(alias);
    }
  }
  const brokenBot = (failure: Error) => {
    const reported: CodedError[] = [];
    const b = createBot({
      knowledge: { ...knowledge, synonyms: new BrokenSynonyms(failure) },
      clock,
      onError: (e) => reported.push(e),
    });
    return { b, reported };
  };

  it('an unexpected throw gets the fallback reply and one core_unexpected report with the cause', () => {
    const failure = new TypeError('synonyms.get is broken');
    const { b, reported } = brokenBot(failure);
    const reply = b.ask('does kaboom use my data?');
    expect(reply.status).toBe('fallback');
    expect(reply.title).toBe("I don't know that one");
    expect(reply.followUps[0]?.id).toBe('how-to-opt-out');
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(CodedError);
    expect(reported[0]?.code).toBe('core_unexpected');
    expect(reported[0]?.cause).toBe(failure);
    // The report names what failed but not what the user typed: it goes to logs.
    expect(reported[0]?.message).not.toContain('kaboom');
  });

  it('a coded error keeps its own code', () => {
    const failure = new CodedError('synonyms_broken', 'the synonym table is broken');
    const { b, reported } = brokenBot(failure);
    expect(b.ask('kaboom').status).toBe('fallback');
    expect(reported).toEqual([failure]);
  });

  it('questions that do not hit the fault are answered as usual and report nothing', () => {
    const { b, reported } = brokenBot(new Error('unused'));
    expect(b.ask('are my DMs used for AI training?').id).toBe('private-messages');
    expect(b.ask('hi').id).toBe('greeting');
    expect(reported).toEqual([]);
  });
});
