// The app installed to a member's own account, through a real discord.js Client on the loopback stand-in:
// its commands arrive from servers the bot is not in, from DMs between people and from group DMs
// (context 2, authorizing_integration_owners of a user install). The bot cannot post in any of those, so
// every answer must go back through the interaction; /announce, which needs the bot in the server, refuses.
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { MANAGE_CHANNELS, MEMBER, startRig, tempFolder } from '../../support/discord/announce-fixtures.js';
import type { FakeDiscord } from '../../support/discord/fake-discord.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { installedCommand, type Place } from '../../support/discord/install-payloads.js';
import { CALLBACK, EPHEMERAL, interact } from '../../support/discord/interaction-helpers.js';
import { user } from '../../support/discord/payloads.js';
import { ui } from '../../support/ui.js';

const STRING = 3;
const BOOLEAN = 5;
const SUBCOMMAND = 1;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const temp = tempFolder();
afterAll(() => temp.cleanup());

/** Every REST call the bot made other than answering interactions: posts, edits, fetches. */
function outsideInteractions(fake: FakeDiscord): string[] {
  return fake.calls
    .filter((c) => !/^\/(interactions|webhooks)\//.test(c.path) && c.path !== '/gateway/bot')
    .map((c) => `${c.method} ${c.path}`);
}

const places: Array<[string, Place]> = [
  ['a server the bot is not in', 'foreign-guild'],
  ['the DM with the bot', 'bot-dm'],
  ['a group DM', 'group-dm'],
  ['a DM between two people', 'user-dm'],
];

describe('Discord commands through a user install', () => {
  it.each(places)('/optout used in %s is answered through the interaction callback', async (_name, place) => {
    h = await startHarness();
    const interaction = installedCommand(h.fake, 'optout', [], { user: user(), place });
    const body = await interact(h.fake, interaction);
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.optOut().title);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(outsideInteractions(h.fake)).toEqual([]);
  });

  it('/ask in a group DM (context 2) answers the question for everyone there', async () => {
    h = await startHarness();
    const question = 'is my past data already used for training?';
    const options = [{ name: 'question', type: STRING, value: question }];
    const interaction = installedCommand(h.fake, 'ask', options, { user: user(), place: 'group-dm' });
    expect(interaction).toMatchObject({ context: 2, channel: { type: 3 } });

    const body = await interact(h.fake, interaction);
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.ask(question).title);
    expect(outsideInteractions(h.fake)).toEqual([]);
  });

  it('/ask with private: true in a server the bot is not in answers only the asker', async () => {
    h = await startHarness();
    const question = 'are my DMs used for training?';
    const options = [
      { name: 'question', type: STRING, value: question },
      { name: 'private', type: BOOLEAN, value: true },
    ];
    const interaction = installedCommand(h.fake, 'ask', options, { user: user(), place: 'foreign-guild' });
    expect(interaction.guild_id).not.toBe(h.fake.guildId);
    const body = await interact(h.fake, interaction);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.ask(question).title);
    expect(outsideInteractions(h.fake)).toEqual([]);
  });

  it('/deadline in a DM between two people keeps its live countdown', async () => {
    h = await startHarness();
    const interaction = installedCommand(h.fake, 'deadline', [], { user: user(), place: 'user-dm' });
    const body = await interact(h.fake, interaction);
    const date = h.bot.deadline().dates[0];
    expect(date).toBeDefined();
    expect(body.data?.embeds?.[0]?.fields?.map((f) => f.value)).toContainEqual(
      expect.stringContaining(`<t:${date?.unix}:R>`),
    );
    expect(outsideInteractions(h.fake)).toEqual([]);
  });

  it('the cooldown follows the person across places, as for a guild install', async () => {
    h = await startHarness({ cooldown: { limit: 1, windowMs: 60_000 } });
    const asker = user();
    await interact(h.fake, installedCommand(h.fake, 'help', [], { user: asker, place: 'group-dm' }));
    const second = await interact(
      h.fake,
      installedCommand(h.fake, 'help', [], { user: asker, place: 'foreign-guild' }),
    );
    expect(second.data?.flags).toBe(EPHEMERAL);
    expect(second.data?.embeds).toEqual([]);
    expect(outsideInteractions(h.fake)).toEqual([]);
  });
});

describe('/announce and user installs', () => {
  it('from a server the bot is not in, even for a manager, it refuses privately and stores nothing', async () => {
    const rig = await startRig({
      databasePath: path.join(temp.dir, 'user-install.sqlite'),
      clock: new ManualClock('2025-10-20T12:00:00Z'),
    });
    try {
      const interaction = installedCommand(
        rig.fake,
        'announce',
        [{ name: 'subscribe', type: SUBCOMMAND, options: [] }],
        { user: user(), place: 'foreign-guild', permissions: MEMBER | MANAGE_CHANNELS },
      );
      const body = await interact(rig.fake, interaction);
      expect(body.type).toBe(CALLBACK.reply);
      expect(body.data?.flags).toBe(EPHEMERAL);
      expect(body.data?.content).toBe(ui('discord.announce.bot-not-in-server'));
      const stored = await rig.service.store.getSubscription({
        platform: 'discord',
        workspaceId: String(interaction.guild_id),
        channelId: String(interaction.channel_id),
      });
      expect(stored).toBeUndefined();
      expect(outsideInteractions(rig.fake)).toEqual([]);
    } finally {
      await rig.close();
    }
  });

  it('in the server that added the bot it still works for a member who also installed the app', async () => {
    const rig = await startRig({
      databasePath: path.join(temp.dir, 'both-installs.sqlite'),
      clock: new ManualClock('2025-10-20T12:00:00Z'),
    });
    try {
      const interaction = installedCommand(
        rig.fake,
        'announce',
        [{ name: 'status', type: SUBCOMMAND, options: [] }],
        { user: user(), place: 'guild' },
      );
      const body = await interact(rig.fake, interaction);
      expect(body.data?.flags).toBe(EPHEMERAL);
      expect(body.data?.content).toMatch(/not subscribed/);
    } finally {
      await rig.close();
    }
  });
});
