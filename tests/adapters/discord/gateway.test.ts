// The gateway connection: heartbeats, and the connection dropping. The bot must come back (resume, or
// identify again when the session is gone) and keep answering.
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscord } from '../../../adapters/discord/run.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord } from '../../support/discord/fake-discord.js';
import { type Harness, noIdentifyWait, realBot, startHarness } from '../../support/discord/harness.js';
import { messageCreate, user } from '../../support/discord/payloads.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Send a DM and wait for the bot's answer in it. */
async function askInDm(harness: Harness, text: string) {
  const dm = messageCreate(harness.fake, { author: user(), content: text, guild: false });
  harness.fake.dispatch('MESSAGE_CREATE', dm);
  return harness.fake.waitForCall((c) => c.path === `/channels/${dm.channel_id}/messages`);
}

describe('Discord gateway connection', () => {
  it('identifies once with only non-privileged intents', async () => {
    h = await startHarness();
    expect(h.fake.identifies).toHaveLength(1);
    const intents = h.fake.identifies[0]?.intents ?? 0;
    const privileged = (1 << 1) | (1 << 8) | (1 << 15); // GuildMembers, GuildPresences, MessageContent
    expect(intents & privileged).toBe(0);
    expect(intents & (1 << 9)).not.toBe(0); // GuildMessages
    expect(intents & (1 << 12)).not.toBe(0); // DirectMessages
  });

  it('sends heartbeats the gateway acknowledges, and keeps answering', async () => {
    h = await startHarness({ fake: { heartbeatIntervalMs: 100 } });
    await until(() => (h?.fake.heartbeats ?? 0) >= 3);
    await askInDm(h, 'how do I opt out');
    expect(h.fake.identifies).toHaveLength(1);
  });

  it('resumes after a dropped connection and answers a message sent while it was away', async () => {
    h = await startHarness();
    h.fake.dropConnections(4000);
    // Dispatched while disconnected: the fake replays it on resume, as Discord does.
    const dm = messageCreate(h.fake, { author: user(), content: 'is it too late?', guild: false });
    h.fake.dispatch('MESSAGE_CREATE', dm);
    await h.fake.waitForCall((c) => c.path === `/channels/${dm.channel_id}/messages`, 8000);
    expect(h.fake.resumes).toHaveLength(1);
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.logger.lines).toContainEqual(expect.objectContaining({ msg: 'discord shard resumed' }));
  });

  it('identifies again when its session cannot be resumed, then keeps answering', async () => {
    h = await startHarness();
    h.fake.forgetSessions();
    h.fake.dropConnections(4000);
    await until(() => (h?.fake.identifies.length ?? 0) === 2, 8000);
    await askInDm(h, 'what data is used?');
    expect(h.fake.resumes).toHaveLength(0);
  });

  it('fails to start with a clear error for a wrong token, without echoing it', async () => {
    const fake = await FakeDiscord.start();
    const wrong = `${fake.token}-revoked`;
    const config = {
      token: wrong,
      applicationId: fake.applicationId,
      guildId: undefined,
      apiUrl: fake.apiUrl,
    };
    const logger = createMemoryLogger();
    try {
      const started = startDiscord({
        config: { ...config, sharding: 'off' },
        bot: realBot(),
        logger,
        clientOptions: noIdentifyWait,
      });
      await expect(started).rejects.toThrow(/invalid token/i);
      await started.catch((error: Error) => expect(error.message).not.toContain(wrong));
      expect(fake.identifies).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
