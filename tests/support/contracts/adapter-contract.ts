// The adapter contract suite: what every platform adapter must do for the people asking, checked the
// same way on each. A platform's test file supplies a driver that talks to the real adapter through its
// loopback stand-in (signed Slack requests, a discord.js client on a fake gateway, terminal streams); the
// expectations come from the real core over the real knowledge base, never from the adapter under test.
import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterContext } from '../../../adapters/kit/index.js';
import {
  type Bot,
  COOLDOWN_NOTICE,
  createBot,
  createHealthRegistry,
  loadKnowledge,
  ManualClock,
  silentLogger,
} from '../../../src/core/index.js';

/** One reply as a person sees it on the platform. */
export interface SeenReply {
  /** Every visible text of the reply (title, body, fields, buttons), joined by new lines. */
  text: string;
  /** Labels of the reply's follow-up choices, in order. */
  followUps: string[];
  /** The platform's raw message, for the driver's own checks. */
  raw: unknown;
}

export interface ContractSession {
  /** Ask as `user` (a driver-level name such as "alice"); undefined when the adapter stayed silent. */
  ask(question: string, user: string): Promise<SeenReply | undefined>;
  /** Pick follow-up `index` of `reply` as `user`. */
  followUp(reply: SeenReply, index: number, user: string): Promise<SeenReply>;
  /** Whether the platform would notify anyone because of this reply (mentions it allows). */
  pings(reply: SeenReply): boolean;
  /** Every way the reply breaks the platform's documented message limits (an independent check). */
  limitProblems(reply: SeenReply): string[];
  stop(): Promise<void>;
}

export interface AdapterDriver {
  /** The platform's name, as the adapter reports it. */
  name: string;
  /** The platform has many users (a terminal has one), so one user's cooldown must not block another. */
  manyUsers: boolean;
  /** The platform has mentions that could ping people. */
  mentions: boolean;
  start(opts: {
    bot: Bot;
    clock: ManualClock;
    cooldown: { limit: number; windowMs: number };
  }): Promise<ContractSession>;
}

const NOW = '2026-12-01T12:00:00Z';

/** The context the app hands an adapter, for a driver starting one alone (no announcements here). */
export function contractContext(
  name: string,
  opts: { bot: Bot; clock: ManualClock; cooldown: { limit: number; windowMs: number } },
): AdapterContext {
  return {
    ...opts,
    logger: silentLogger,
    health: createHealthRegistry().platform(name),
    healthz: () => ({ ok: true, platforms: {} }),
    announcements: undefined,
  };
}
let knowledge: ReturnType<typeof loadKnowledge> | undefined;

export function adapterContract(driver: AdapterDriver): void {
  describe(`adapter contract: ${driver.name}`, () => {
    let session: ContractSession | undefined;
    const clock = new ManualClock(NOW);
    knowledge ??= loadKnowledge();
    // The same knowledge and clock the adapter's bot has: the expected answers.
    const core = createBot({ knowledge, clock });
    const start = async (cooldown = { limit: 50, windowMs: 60_000 }) => {
      session = await driver.start({
        bot: createBot({ knowledge: knowledge ?? loadKnowledge(), clock }),
        clock,
        cooldown,
      });
      return session;
    };
    afterEach(async () => {
      await session?.stop();
      session = undefined;
    });

    it('answers a question with the entry the core picks', async () => {
      const s = await start();
      const question = 'are my private messages used to train the AI?';
      const expected = core.ask(question);
      expect(expected.status).toBe('answered');
      const seen = await s.ask(question, 'alice');
      expect(seen?.text).toContain(expected.title);
      expect(seen?.followUps.length).toBe(expected.followUps.length);
      // Labels may be shortened to the platform's button limit, ending with an ellipsis.
      for (const [i, label] of (seen?.followUps ?? []).entries()) {
        const full = expected.followUps[i]?.question ?? '';
        expect(
          label === full || (label.endsWith('…') && full.startsWith(label.slice(0, -1).trimEnd())),
          label,
        ).toBe(true);
      }
    });

    it("a picked follow-up answers that follow-up's entry", async () => {
      const s = await start();
      const question = 'how do I opt out?';
      const first = await s.ask(question, 'alice');
      const choice = core.ask(question).followUps[0];
      if (!first || !choice) throw new Error('expected an answer with follow-ups');
      const next = await s.followUp(first, 0, 'alice');
      expect(next.text).toContain(core.answer(choice.id)?.title);
    });

    it('holds back a flood from one user with the cooldown notice, and answers someone else', async () => {
      const s = await start({ limit: 2, windowMs: 60_000 });
      const question = 'is it too late to opt out?';
      const title = core.ask(question).title;
      expect((await s.ask(question, 'alice'))?.text).toContain(title);
      expect((await s.ask(question, 'alice'))?.text).toContain(title);
      const third = await s.ask(question, 'alice');
      expect(third?.text).toContain(COOLDOWN_NOTICE);
      expect(third?.text).not.toContain(title);
      if (driver.manyUsers) expect((await s.ask(question, 'bob'))?.text).toContain(title);
    });

    it.runIf(driver.mentions)('never pings anyone, whatever the question holds', async () => {
      const s = await start();
      for (const question of [
        '@everyone @here are my DMs used?',
        '<!channel> <!everyone> <@U0001> <@&123> <@!456> does this apply in the EU?',
        'what about @channel and <#C0001|general>',
      ]) {
        const seen = await s.ask(question, 'alice');
        expect(seen, question).toBeDefined();
        if (seen) expect(s.pings(seen), question).toBe(false);
      }
    });

    it('answers an over-long question within the platform limit, then goes on answering', async () => {
      const s = await start();
      const long = `${'could you tell me whether my linkedin data is used for ai training '.repeat(200)}?`;
      const seen = await s.ask(long, 'alice');
      expect(seen).toBeDefined();
      if (!seen) throw new Error('no reply to an over-long question');
      expect(seen.text.length).toBeGreaterThan(0);
      expect(s.limitProblems(seen)).toEqual([]);
      const next = await s.ask('how do I opt out?', 'alice');
      expect(next?.text).toContain(core.ask('how do I opt out?').title);
    });
  });
}
