// Slash commands through a real discord.js Client: the interaction callbacks the bot sends.
import { afterEach, describe, expect, it } from 'vitest';
import { commandBuilder } from '../../../adapters/discord/command.js';
import { renderNotice } from '../../../adapters/discord/render.js';
import { COOLDOWN_NOTICE } from '../../../src/core/cooldown.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { CALLBACK, callbackPath, EPHEMERAL, interact } from '../../support/discord/interaction-helpers.js';
import { chatInput, user } from '../../support/discord/payloads.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const STRING = 3;
const BOOLEAN = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Discord slash commands', () => {
  it('/optout replies publicly with the opt-out answer, its link buttons and no pings', async () => {
    h = await startHarness();
    const body = await interact(h.fake, chatInput(h.fake, 'optout', [], { user: user() }));
    const expected = h.bot.optOut();
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]?.title).toBe(expected.title);
    const urls = (body.data?.components ?? []).flatMap((r) => r.components.flatMap((b) => b.url ?? []));
    expect(urls).toEqual(expected.links.map((l) => l.url));
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('/ask with private: true answers only the caller', async () => {
    h = await startHarness();
    const options = [
      { name: 'question', type: STRING, value: 'are my DMs used for training?' },
      { name: 'private', type: BOOLEAN, value: true },
    ];
    const body = await interact(h.fake, chatInput(h.fake, 'ask', options, { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.ask('are my DMs used for training?').title);
  });

  it('/deadline in a DM shows the date as Discord timestamps with a live countdown', async () => {
    h = await startHarness();
    const body = await interact(h.fake, chatInput(h.fake, 'deadline', [], { user: user(), guild: false }));
    const date = h.bot.deadline().dates[0];
    expect(date).toBeDefined();
    const embed = body.data?.embeds?.[0];
    expect(embed?.description).toContain(`<t:${date?.unix}:D>`);
    expect(embed?.description).not.toMatch(/\{date:\d+\}/);
    expect(embed?.fields?.map((f) => f.value)).toContainEqual(expect.stringContaining(`<t:${date?.unix}:R>`));
  });

  it('/help answers with what the bot can do', async () => {
    h = await startHarness();
    const body = await interact(h.fake, chatInput(h.fake, 'help', [], { user: user() }));
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.help().title);
  });

  it('a command the bot no longer has gets a private notice instead of a timeout', async () => {
    h = await startHarness();
    const body = await interact(h.fake, chatInput(h.fake, 'retired', [], { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/not available/);
  });

  it('slow command work is deferred at once and the answer edited in when ready', async () => {
    const announce = {
      definition: commandBuilder('announce', 'Announcements').toJSON(),
      execute: async () => {
        await sleep(400);
        return renderNotice('subscribed');
      },
    };
    h = await startHarness({ announcements: announce, deferAfterMs: 50 });
    const interaction = chatInput(h.fake, 'announce', [{ name: 'private', type: BOOLEAN, value: true }], {
      user: user(),
    });
    const deferred = await interact(h.fake, interaction);
    expect(deferred).toEqual({ type: CALLBACK.deferredReply, data: { flags: EPHEMERAL } });

    const edit = await h.fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/webhooks/${h?.fake.applicationId}/${String(interaction.token)}/messages/@original`,
    );
    expect((edit.body as { content?: string }).content).toBe('subscribed');
    const callback = h.fake.calls.find((c) => c.path === callbackPath(interaction));
    // The deferral went out long before the work finished, well inside Discord's 3 seconds.
    expect(edit.at - (callback?.at ?? 0)).toBeGreaterThanOrEqual(300);
  });

  it('async command work that finishes quickly is answered directly, without a deferral', async () => {
    const announce = {
      definition: commandBuilder('announce', 'Announcements').toJSON(),
      execute: async () => renderNotice('status: off'),
    };
    h = await startHarness({ announcements: announce, deferAfterMs: 1000 });
    const body = await interact(h.fake, chatInput(h.fake, 'announce', [], { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.content).toBe('status: off');
  });

  it("a command's own ephemeral() decides who sees the reply, over the private option", async () => {
    const announce = {
      definition: commandBuilder('announce', 'Announcements').toJSON(),
      execute: () => renderNotice('only you'),
      ephemeral: () => true,
    };
    h = await startHarness({ announcements: announce });
    const options = [{ name: 'private', type: BOOLEAN, value: false }];
    const body = await interact(h.fake, chatInput(h.fake, 'announce', options, { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe('only you');
  });

  it('a command that throws gets a private apology and an error log without the question', async () => {
    const announce = {
      definition: commandBuilder('announce', 'Announcements').toJSON(),
      execute: () => {
        throw new Error('database is locked');
      },
    };
    h = await startHarness({ announcements: announce });
    const body = await interact(h.fake, chatInput(h.fake, 'announce', [], { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/went wrong/);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'discord.handler_failed', command: 'announce' }),
    );
  });

  it('a user flooding commands gets the cooldown notice privately while others are still answered', async () => {
    h = await startHarness({ cooldown: { limit: 2, windowMs: 60_000 } });
    const flooder = user();
    const bodies = [];
    for (let i = 0; i < 4; i++)
      bodies.push(await interact(h.fake, chatInput(h.fake, 'help', [], { user: flooder })));
    expect(bodies.map((b) => b.data?.content ?? 'answer')).toEqual([
      'answer',
      'answer',
      COOLDOWN_NOTICE,
      COOLDOWN_NOTICE,
    ]);
    expect(bodies[2]?.data?.flags).toBe(EPHEMERAL);
    const other = await interact(h.fake, chatInput(h.fake, 'help', [], { user: user() }));
    expect(other.data?.embeds).toHaveLength(1);
  });
});
