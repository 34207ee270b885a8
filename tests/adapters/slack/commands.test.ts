// The slash command end to end: signed requests into Bolt's HTTP receiver, answers read from the HTTP
// acknowledgement, compared with what the real bot says for the same input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_SET_UP } from '../../../adapters/slack/commands.js';
import {
  type AnnouncementContext,
  type AnnouncementSubcommand,
  SHOWN,
} from '../../../adapters/slack/deps.js';
import { COOLDOWN_NOTICE } from '../../../src/core/cooldown.js';
import { buttonsIn, type Harness, logLine, startHarness, textsIn } from '../../support/slack/harness.js';
import { slashCommand, USER } from '../../support/slack/requests.js';

interface Ack {
  response_type?: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}

async function command(h: Harness, text: string, extra: { user?: string } = {}): Promise<Ack> {
  const res = await h.send(slashCommand({ text, responseUrl: h.fake.responseUrl('cmd'), ...extra }));
  expect(res.status).toBe(200);
  return res.body ? (JSON.parse(res.body) as Ack) : {};
}

function header(ack: Ack): string | undefined {
  const block = ack.blocks?.find((b) => b.type === 'header') as { text: { text: string } } | undefined;
  return block?.text.text;
}

describe('/optout over the HTTP receiver', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('with no text answers privately with the opt-out steps, both links and a share button', async () => {
    const expected = h.bot.optOut();
    const ack = await command(h, '');

    expect(ack.response_type).toBe('ephemeral');
    expect(header(ack)).toBe(expected.title);
    const texts = textsIn(ack.blocks).join('\n');
    for (let i = 1; i <= expected.steps.length; i++) expect(texts).toContain(`${i}. `);
    const urls = buttonsIn(ack.blocks).flatMap((b) => (b.url ? [b.url] : []));
    expect(expected.links.length).toBeGreaterThanOrEqual(2);
    expect(urls).toEqual(expected.links.map((l) => l.url));
    expect(buttonsIn(ack.blocks).map((b) => b.action_id)).toContain('share');
    expect(h.coreCalls).toEqual(['optOut']);
  });

  it('with a question answers it as the bot does, and echoes the question', async () => {
    const question = 'can linkedin read my private messages';
    const expected = h.bot.ask(question);
    const ack = await command(h, question);

    expect(header(ack)).toBe(expected.title);
    expect(ack.text).toContain(expected.title);
    expect(textsIn(ack.blocks).join('\n')).toContain(`“${question}”`);
    expect(h.coreCalls[0]).toBe('ask');
    expect(h.coreCalls).not.toContain('optOut');
  });

  it('deadline renders the start date as a Slack date token and follows the clock', async () => {
    const start = h.bot.dates().start;
    expect(start).toBeInstanceOf(Date);
    const token = `<!date^${(start as Date).getTime() / 1000}^{date_long}|`;

    const before = await command(h, 'deadline');
    expect(header(before)).toBe(h.bot.deadline().title);
    expect(textsIn(before.blocks).join('\n')).toContain(token);

    h.clock.set((start as Date).getTime() + 40 * 86_400_000);
    const after = await command(h, 'deadline');
    const afterExpected = h.bot.deadline();
    expect(header(after)).toBe(afterExpected.title);
    expect(textsIn(after.blocks)).not.toEqual(textsIn(before.blocks));
    expect(h.coreCalls).toEqual(['deadline', 'deadline']);
  });

  it('help lists what the bot answers and every sub-command under the command name used', async () => {
    const ack = await command(h, 'help');
    expect(header(ack)).toBe(h.bot.help().title);
    const texts = textsIn(ack.blocks).join('\n');
    for (const sub of ['deadline', 'help', 'subscribe', 'unsubscribe', 'status'])
      expect(texts).toContain(sub);
    expect(texts).toContain('`/optout`');
  });

  it.each(['subscribe', 'unsubscribe', 'status'])(
    '%s says announcements are not set up, without asking the core',
    async (sub) => {
      const ack = await command(h, sub);
      expect(ack).toMatchObject({ response_type: 'ephemeral', text: NOT_SET_UP });
      expect(h.coreCalls).toEqual([]);
    },
  );

  it('escapes echoed text so no input pings a channel, a user or a group', async () => {
    // As Slack delivers it: real pings arrive as <…> markup, typed angle brackets and ampersands as entities.
    const raw =
      '<!channel> <!here|here> <!everyone> <@U0OTHER1> <!subteam^S123|@team> &lt;!channel&gt; &lt;@U1&gt; &amp;';
    const ack = await command(h, raw);

    const all = [ack.text ?? '', ...textsIn(ack.blocks)];
    for (const text of all) expect(text).not.toMatch(/<(!channel|!here|!everyone|@|!subteam|#)/);
    expect(all.join('\n')).toContain('&lt;!channel&gt; &lt;@U1&gt; &amp;');
  });

  it('answers a flood with one notice, then silence, and answers again once the window passes', async () => {
    for (let i = 0; i < 5; i++) expect(header(await command(h, 'deadline'))).toBeDefined();
    expect(await command(h, 'deadline')).toEqual({ response_type: 'ephemeral', text: COOLDOWN_NOTICE });
    expect(await command(h, 'deadline')).toEqual({});
    // Another person is not held back by someone else's flood.
    expect(header(await command(h, 'deadline', { user: 'UOTHER002' }))).toBeDefined();
    expect(h.coreCalls).toHaveLength(6);

    h.clock.advance(10_001);
    expect(header(await command(h, 'deadline'))).toBeDefined();
  });

  it('acknowledges well within Slack’s 3 seconds, with the answer in the acknowledgement', async () => {
    const started = performance.now();
    const ack = await command(h, 'what data does linkedin use');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(header(ack)).toBe(h.bot.ask('what data does linkedin use').title);
    // Nothing was posted separately: the acknowledgement carried the answer.
    expect(h.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(h.fake.hookPosts).toEqual([]);
  });

  it('logs the outcome without the question, the user or any token', async () => {
    await command(h, 'does linkedin train on my zebra photos');
    const logged = JSON.stringify(h.logger.lines);
    expect(h.logger.lines.some((l) => l.msg === 'slack.reply')).toBe(true);
    expect(logged).not.toContain('zebra');
    expect(logged).not.toContain(USER);
    expect(logged).not.toMatch(/xox[bp]-|xapp-/);
    expect(h.logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});

describe('/optout sub-commands with an announcements hook', () => {
  it('acknowledges at once and posts the hook’s answer privately through response_url', async () => {
    const seen: Array<{ sub: AnnouncementSubcommand; ctx: AnnouncementContext }> = [];
    const h = await startHarness({
      announcements: {
        handle: async (sub, ctx) => {
          seen.push({ sub, ctx });
          return `${sub} handled`;
        },
        overview: async () => ({ access: 'not-admin' }),
      },
    });
    try {
      const ack = await command(h, 'subscribe weekly');
      expect(ack).toEqual({});
      const post = await h.fake.nthPost('cmd');
      expect(post.body).toMatchObject({ response_type: 'ephemeral', text: 'subscribe handled' });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ sub: 'subscribe', ctx: { args: 'weekly', userId: USER } });
      expect(h.coreCalls).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('posts nothing more when the hook showed its answer itself', async () => {
    const h = await startHarness({
      announcements: { handle: async () => SHOWN, overview: async () => ({ access: 'not-admin' }) },
    });
    try {
      expect(await command(h, 'subscribe')).toEqual({});
      await logLine(h, (l) => l.msg === 'slack.announcements' && l.outcome === 'handled');
      expect(h.fake.postsTo('cmd')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
