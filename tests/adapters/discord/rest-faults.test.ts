// REST failures on the bot's replies (issue 9, finding 2): 429 storms, 5xx answers and hung requests must
// cost a bounded number of attempts and a bounded time, and never hold up another channel's reply.
import { afterEach, describe, expect, it } from 'vitest';
import { routeTemplate } from '../../../adapters/discord/rest-policy.js';
import { discordError, type FakeDiscord, rateLimited } from '../../support/discord/fake-discord.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { messageCreate, user } from '../../support/discord/payloads.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Send a DM in a fresh channel (or `channelId`) and return that channel's id. */
function dm(fake: FakeDiscord, channelId?: string): string {
  const message = messageCreate(fake, {
    author: user(),
    content: 'how do I opt out?',
    guild: false,
    channelId,
  });
  fake.dispatch('MESSAGE_CREATE', message);
  return String(message.channel_id);
}

function postsTo(fake: FakeDiscord, channelId: string) {
  return fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const gaveUp = (harness: Harness) => harness.logger.lines.filter((l) => l.msg === 'discord rest gave up');

describe('Discord REST bounds', () => {
  it('stops retrying a reply under a 429 storm after three attempts, and logs why', async () => {
    h = await startHarness();
    const harness = h;
    const channel = '1300000000000000001';
    h.fake.messageScripts.set(
      channel,
      Array.from({ length: 20 }, () => rateLimited(0.2)),
    );
    dm(h.fake, channel);
    await until(() => gaveUp(harness).length > 0, 8000);
    // Nothing more arrives once it has given up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(postsTo(h.fake, channel)).toHaveLength(3);
    expect(gaveUp(h)).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'discord_rest_rate_limited',
        method: 'POST',
        route: '/channels/:id/messages',
        attempts: 3,
      }),
    ]);
    expect(h.logger.lines).toContainEqual(expect.objectContaining({ msg: 'discord.handler_failed' }));
  });

  it('waits out a short 429 and then delivers the reply', async () => {
    h = await startHarness();
    const channel = '1300000000000000002';
    h.fake.messageScripts.set(channel, [rateLimited(0.2)]);
    dm(h.fake, channel);
    await until(() => h?.fake.messages.some((m) => m.channelId === channel) ?? false, 5000);
    const [first, second] = postsTo(h.fake, channel);
    // The header says 1 s (Discord rounds up); the retry honours it.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(gaveUp(h)).toEqual([]);
  });

  it('does not wait out a 429 that asks for longer than the cap', async () => {
    h = await startHarness();
    const harness = h;
    const channel = '1300000000000000003';
    h.fake.messageScripts.set(channel, [rateLimited(60), rateLimited(60)]);
    dm(h.fake, channel);
    await until(() => gaveUp(harness).length > 0, 3000);
    expect(postsTo(h.fake, channel)).toHaveLength(1);
    expect(gaveUp(h)[0]).toMatchObject({ code: 'discord_rest_rate_limited', attempts: 1 });
  });

  it('spaces 5xx retries with a backoff and delivers when the server recovers', async () => {
    h = await startHarness();
    const channel = '1300000000000000004';
    h.fake.messageScripts.set(channel, [discordError(502, 0, 'Bad Gateway'), discordError(503, 0, 'Busy')]);
    dm(h.fake, channel);
    await until(() => h?.fake.messages.some((m) => m.channelId === channel) ?? false, 5000);
    const at = postsTo(h.fake, channel).map((c) => c.at);
    expect(at).toHaveLength(3);
    // Backoff 250 ms then 500 ms, each jittered down to no less than half.
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(120);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(245);
  });

  it('gives up on a reply after three 5xx answers', async () => {
    h = await startHarness();
    const harness = h;
    const channel = '1300000000000000005';
    h.fake.messageScripts.set(
      channel,
      Array.from({ length: 10 }, () => discordError(500, 0, 'Oops')),
    );
    dm(h.fake, channel);
    await until(() => gaveUp(harness).length > 0, 5000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(postsTo(h.fake, channel)).toHaveLength(3);
    expect(gaveUp(h)[0]).toMatchObject({ code: 'discord_rest_server_error', status: 500, attempts: 3 });
  });

  it('abandons a hung reply after the timeout, never sends it twice, and other channels are not held up', async () => {
    h = await startHarness();
    const harness = h;
    const hung = '1300000000000000006';
    // Discord makes the message but its answer never comes in time.
    h.fake.messageScripts.set(hung, [{ status: 200, delayMs: 9000 }]);
    const started = Date.now();
    dm(h.fake, hung);
    await h.fake.waitForCall((c) => c.path === `/channels/${hung}/messages`);

    const other = dm(h.fake);
    await h.fake.waitForCall((c) => c.path === `/channels/${other}/messages`);
    expect(Date.now() - started).toBeLessThan(1000);

    // The next reply in the hung channel goes out once the first is abandoned, well before 9 s.
    dm(h.fake, hung);
    await until(() => postsTo(harness.fake, hung).length >= 2, 8000);
    expect(Date.now() - started).toBeLessThan(7000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    await until(() => (h?.fake.messages.filter((m) => m.channelId === hung).length ?? 0) >= 2, 2000);
    // One POST per question: the timed-out one was not repeated (it could make a second message).
    expect(postsTo(h.fake, hung)).toHaveLength(2);
    expect(gaveUp(h)).toEqual([
      expect.objectContaining({ code: 'discord_rest_timeout', method: 'POST', attempts: 1 }),
    ]);
  });
});

describe('routeTemplate', () => {
  it('keeps ids and interaction tokens out of logged routes', () => {
    expect(routeTemplate('/channels/123456789012345678/messages')).toBe('/channels/:id/messages');
    expect(
      routeTemplate('/interactions/123456789012345678/aW50ZXJhY3Rpb24/callback?with_response=true'),
    ).toBe('/interactions/:id/:token/callback');
    expect(routeTemplate('/webhooks/1234567890123456/tok.en-x/messages/@original')).toBe(
      '/webhooks/:id/:token/messages/@original',
    );
  });
});
