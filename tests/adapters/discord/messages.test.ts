// @mentions and DMs through a real discord.js Client: what the bot posts back over REST.
import { afterEach, describe, expect, it } from 'vitest';
import { COOLDOWN_NOTICE } from '../../../src/core/cooldown.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { messageCreate, user } from '../../support/discord/payloads.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Sent = {
  content?: string;
  embeds?: Array<{ title?: string; description?: string }>;
  allowed_mentions?: unknown;
  message_reference?: { message_id?: string };
};

describe('Discord mentions and DMs', () => {
  it('answers an @mention in a channel with a reply to that message, pinging nobody', async () => {
    h = await startHarness();
    const { fake } = h;
    const asker = user();
    const question = messageCreate(fake, {
      author: asker,
      content: `<@${fake.botUser.id}> how do I opt out?`,
      mentions: [fake.botUser],
    });
    fake.dispatch('MESSAGE_CREATE', question);

    const call = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`,
    );
    const sent = call.body as Sent;
    const expected = h.bot.ask('how do I opt out?');
    expect(sent.embeds?.[0]?.title).toBe(expected.title);
    expect(sent.message_reference?.message_id).toBe(question.id);
    expect(sent.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers a direct message in the DM channel', async () => {
    h = await startHarness();
    const { fake } = h;
    const dm = messageCreate(fake, {
      author: user(),
      content: 'are my private messages used?',
      guild: false,
    });
    fake.dispatch('MESSAGE_CREATE', dm);

    const call = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${dm.channel_id}/messages`,
    );
    const sent = call.body as Sent;
    expect(sent.embeds?.[0]?.title).toBe(h.bot.ask('are my private messages used?').title);
    expect(sent.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a bare @mention with the help text', async () => {
    h = await startHarness();
    const { fake } = h;
    fake.dispatch(
      'MESSAGE_CREATE',
      messageCreate(fake, { author: user(), content: `<@${fake.botUser.id}>`, mentions: [fake.botUser] }),
    );
    const call = await fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith('/messages'));
    expect((call.body as Sent).embeds?.[0]?.title).toBe(h.bot.help().title);
  });

  it('ignores other bots, channel messages without a mention, and @everyone', async () => {
    h = await startHarness();
    const { fake } = h;
    const otherBot = user({ bot: true });
    fake.dispatch(
      'MESSAGE_CREATE',
      messageCreate(fake, {
        author: otherBot,
        content: `<@${fake.botUser.id}> opt out?`,
        mentions: [fake.botUser],
      }),
    );
    fake.dispatch('MESSAGE_CREATE', messageCreate(fake, { author: user(), content: 'how do I opt out?' }));
    fake.dispatch('MESSAGE_CREATE', {
      ...messageCreate(fake, { author: user(), content: '@everyone how do I opt out?' }),
      mention_everyone: true,
    });
    // A message that must be answered, sent last: once its reply arrives, the others had their chance.
    const marker = messageCreate(fake, { author: user(), content: 'hello', guild: false });
    fake.dispatch('MESSAGE_CREATE', marker);
    await fake.waitForCall((c) => c.path === `/channels/${marker.channel_id}/messages`);
    expect(fake.calls.filter((c) => c.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('answers a flood from one user with one cooldown notice, then stays quiet', async () => {
    h = await startHarness({ cooldown: { limit: 2, windowMs: 60_000 } });
    const { fake } = h;
    const flooder = user();
    const channel = messageCreate(fake, { author: flooder, content: 'x', guild: false }).channel_id as string;
    for (let i = 0; i < 5; i++) {
      fake.dispatch(
        'MESSAGE_CREATE',
        messageCreate(fake, { author: flooder, content: 'opt out?', guild: false, channelId: channel }),
      );
    }
    // Someone else is not affected by the flooder's cooldown.
    const other = messageCreate(fake, { author: user(), content: 'opt out?', guild: false });
    fake.dispatch('MESSAGE_CREATE', other);
    await fake.waitForCall((c) => c.path === `/channels/${other.channel_id}/messages`);
    await new Promise((r) => setTimeout(r, 100));

    const toFlooder = fake.calls
      .filter((c) => c.path === `/channels/${channel}/messages`)
      .map((c) => c.body as Sent);
    expect(toFlooder).toHaveLength(3);
    expect(toFlooder.slice(0, 2).every((b) => b.embeds?.length === 1)).toBe(true);
    expect(toFlooder[2]?.content).toBe(COOLDOWN_NOTICE);
  });

  it('logs neither the token nor message text nor user ids', async () => {
    h = await startHarness();
    const { fake } = h;
    const asker = user();
    const secret = 'my unusual question about quokkas';
    const dm = messageCreate(fake, { author: asker, content: secret, guild: false });
    fake.dispatch('MESSAGE_CREATE', dm);
    await fake.waitForCall((c) => c.path === `/channels/${dm.channel_id}/messages`);
    await h.discord.stop();

    const logged = JSON.stringify(h.logger.lines);
    expect(h.logger.lines.some((l) => l.msg === 'discord.reply')).toBe(true);
    expect(logged).not.toContain(fake.token);
    expect(logged).not.toContain('quokkas');
    expect(logged).not.toContain(asker.id);
  });
});
