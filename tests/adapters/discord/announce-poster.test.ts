// The Discord poster through the real announcement scheduler and runner, on a real SQLite file, against
// the loopback REST stand-in: 429s, 5xx, timeouts, a deleted channel and a missing permission. What every
// poster must do (the Poster contract) is checked in poster-contract.test.ts; here is what only Discord
// does: nonces, global and route rate-limit scopes, and the whole path through /announce.
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createDiscordPoster,
  NONCE_DEDUP_WINDOW_MS,
  toDiscordPostError,
} from '../../../adapters/discord/announce-poster.js';
import { idempotencyKey, PostError, type Target } from '../../../src/announce/index.js';
import type { Clock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import {
  announce,
  MANAGE_CHANNELS,
  MEMBER,
  type Rig,
  startRig,
  tempFolder,
} from '../../support/discord/announce-fixtures.js';
import {
  discordError,
  FakeDiscord,
  fakeDiscordConfig,
  type RestCall,
  rateLimited,
} from '../../support/discord/fake-discord.js';
import { interact } from '../../support/discord/interaction-helpers.js';
import { user } from '../../support/discord/payloads.js';
import { ENGLISH_REPLY } from '../../support/reply-labels.js';

/** The parts of a Create Message body these tests read. */
const sentMessage = z.object({
  nonce: z.string(),
  enforce_nonce: z.boolean(),
  allowed_mentions: z.unknown(),
  embeds: z.array(z.object({ description: z.string().optional(), fields: z.array(z.unknown()).optional() })),
  components: z.unknown(),
});

const temp = tempFolder();
afterAll(() => temp.cleanup());
let n = 0;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// Subscribed on 1 October; at 09:00:30 UTC on 27 October the default schedule's "7 days before" is due.
const SUBSCRIBED = new Date('2025-10-01T00:00:00Z');
const DUE = '2025-10-27T09:00:30Z';
const OCCURRENCE = 'start:before-7@2025-10-27T09:00';

/** Real time from DUE on, so the runner's retry-after waits are real and measurable. */
function dueClock(): Clock {
  const offset = Date.parse(DUE) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

async function subscribedRig(timeoutMs?: number, language?: string): Promise<Rig> {
  const clock = dueClock();
  rig = await startRig({
    databasePath: path.join(temp.dir, `poster-${++n}.sqlite`),
    clock,
    makePoster: (config) =>
      createDiscordPoster({ config, logger: createMemoryLogger(), ...(timeoutMs ? { timeoutMs } : {}) }),
  });
  await rig.service.store.subscribe(
    {
      platform: 'discord',
      workspaceId: rig.fake.guildId,
      channelId: rig.fake.channelId,
      schedule: 'default',
      timeZone: 'UTC',
      ...(language ? { language } : {}),
      subscribedBy: '1',
    },
    SUBSCRIBED,
  );
  return rig;
}

function postsTo(r: Rig): RestCall[] {
  return r.fake.calls.filter(
    (c) => c.method === 'POST' && c.path === `/channels/${r.fake.channelId}/messages`,
  );
}

async function delivery(r: Rig) {
  const sub = await r.service.store.getSubscription({
    platform: 'discord',
    workspaceId: r.fake.guildId,
    channelId: r.fake.channelId,
  });
  if (!sub) throw new Error('not subscribed');
  return { sub, delivery: await r.service.store.getDelivery(sub.id, OCCURRENCE) };
}

describe('Discord announcement poster', () => {
  it('sends the rendered announcement with the delivery key as nonce, enforce_nonce and no mentions', async () => {
    const r = await subscribedRig();
    const report = await r.service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1 });

    const [post] = postsTo(r);
    const { sub, delivery: d } = await delivery(r);
    const body = sentMessage.parse(post?.body);
    expect(post?.authorized).toBe(true);
    expect(body.nonce).toBe(idempotencyKey(sub.id, OCCURRENCE));
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    // The core's time-aware text, rendered like any answer: "in 7 days" as an embed with link buttons.
    const { embeds } = body;
    expect(embeds[0]?.description).toMatch(/7 days/);
    expect(embeds[0]?.fields).toBeDefined();
    expect(body.components).toEqual(expect.any(Array));
    expect(d).toMatchObject({ state: 'posted', messageRef: r.fake.messages[0]?.id });
  });

  it('a German subscription is posted the German announcement', async () => {
    const r = await subscribedRig(undefined, 'de');
    expect((await r.service.scheduler.tick())?.fanOut).toMatchObject({ posted: 1 });
    const [post] = postsTo(r);
    const body = sentMessage.parse(post?.body);
    expect(body.embeds[0]?.description).toMatch(/in 7 Tagen/);
    expect(body.embeds[0]?.description).not.toMatch(/7 days/);
  });

  it('a 429 with retry_after, then success: delivered once, not before the retry-after', async () => {
    const r = await subscribedRig();
    // Discord's header says 1 s (whole seconds); the body's precise 0.2 s is what is waited.
    r.fake.messageScripts.set(r.fake.channelId, [rateLimited(0.2)]);
    const report = await r.service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1, failed: 0 });

    const [first, second, ...more] = postsTo(r);
    expect(more).toEqual([]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(200);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(1000);
    expect(r.fake.messages).toHaveLength(1);
    const nonce = (call: RestCall | undefined) => sentMessage.partial().parse(call?.body).nonce;
    expect(nonce(second)).toBe(nonce(first));
    expect((await delivery(r)).delivery).toMatchObject({ state: 'posted', attempts: 1 });
  });

  it('a 503 then success: retried and delivered once', async () => {
    const r = await subscribedRig();
    r.fake.messageScripts.set(r.fake.channelId, [{ status: 503, body: { message: 'upstream' } }]);
    const report = await r.service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1 });
    expect(postsTo(r)).toHaveLength(2);
    expect(r.fake.messages).toHaveLength(1);
  });

  it('a timeout after Discord created the message: the retry with the same nonce does not post twice', async () => {
    const r = await subscribedRig(300);
    // Discord applies the first post, but its answer comes too late for the client.
    r.fake.messageScripts.set(r.fake.channelId, [{ status: 200, delayMs: 1_000 }]);
    const report = await r.service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1 });
    expect(postsTo(r).length).toBeGreaterThanOrEqual(2);
    expect(r.fake.messages).toHaveLength(1);
    expect((await delivery(r)).delivery?.messageRef).toBe(r.fake.messages[0]?.id);
  });

  it('10003 Unknown Channel pauses the subscription with the reason, and /announce status shows it', async () => {
    const r = await subscribedRig();
    r.fake.messageScripts.set(r.fake.channelId, [discordError(404, 10003, 'Unknown Channel')]);
    const report = await r.service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ paused: 1, posted: 0 });
    expect(postsTo(r)).toHaveLength(1);

    const { sub } = await delivery(r);
    expect(sub.state).toBe('paused');
    expect(sub.pausedReason).toMatch(/^channel not found: .*10003.*Unknown Channel/);

    const status = await interact(r.fake, announce(r.fake, 'status', { user: user() }));
    expect(status.data?.content).toContain('**Paused**: channel not found');
    expect(status.data?.content).toContain('Unknown Channel');
    expect(status.data?.content).toContain('Subscribe again to resume.');
    expect(status.data?.content).not.toContain('In your time');

    // Subscribing again resumes it.
    const again = await interact(
      r.fake,
      announce(r.fake, 'subscribe', { user: user(), permissions: MEMBER | MANAGE_CHANNELS }),
    );
    expect(again.data?.content).toContain('Subscribed.');
    expect((await delivery(r)).sub.state).toBe('active');
  });

  it('50013 Missing Permissions pauses the subscription as forbidden', async () => {
    const r = await subscribedRig();
    r.fake.messageScripts.set(r.fake.channelId, [discordError(403, 50013, 'Missing Permissions')]);
    await r.service.scheduler.tick();
    const { sub } = await delivery(r);
    expect(sub.state).toBe('paused');
    expect(sub.pausedReason).toMatch(/^the bot may not post here: .*50013/);
  });
});

describe('Discord poster errors', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function postOnce(answer: Parameters<typeof rateLimited>) {
    fake = await FakeDiscord.start();
    fake.messageScripts.set(fake.channelId, [rateLimited(...answer)]);
    const poster = createDiscordPoster({
      config: fakeDiscordConfig(fake),
      logger: createMemoryLogger(),
    });
    const target: Target = { platform: 'discord', workspaceId: fake.guildId, channelId: fake.channelId };
    const reply = {
      ...ENGLISH_REPLY,
      status: 'answered' as const,
      id: 'deadline',
      confidence: 1,
      title: 'Deadline',
      text: 'soon',
      steps: [],
      links: [],
      followUps: [],
      sources: [],
      dates: [],
    };
    try {
      const occurrence = {
        key: OCCURRENCE,
        schedule: 'default',
        dateName: 'start',
        kind: 'before' as const,
        daysFromDate: -7,
        at: new Date(DUE),
        local: '2025-10-27T09:00',
        timeZone: 'UTC',
      };
      return await poster
        .post(target, occurrence, reply, { idempotencyKey: 'oo0123456789abcdef012345' })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
    } finally {
      poster.destroy();
    }
  }

  it('a global 429 holds the whole bot, for the body retry_after', async () => {
    const err = await postOnce([0.25, true]);
    if (!(err instanceof PostError)) throw new Error(`expected a PostError, got ${String(err)}`);
    expect(err).toMatchObject({ kind: 'rate-limited', scope: 'bot' });
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(250);
    expect(err.retryAfterMs).toBeLessThan(1000);
  });

  it('a route 429 holds only the channel', async () => {
    const err = await postOnce([2.5, false]);
    expect(err).toMatchObject({ kind: 'rate-limited', scope: 'channel' });
  });

  it('other failures map onto the PostError table', () => {
    const timeout = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(toDiscordPostError(timeout)).toMatchObject({ kind: 'transient', ambiguous: true });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toDiscordPostError(refused)).toMatchObject({ kind: 'transient', ambiguous: false });
  });

  it('cannot look a nonce up later, so it says unknown and relies on Discord dropping repeats', async () => {
    const poster = createDiscordPoster({
      config: {
        token: 't',
        applicationId: '1',
        guildId: undefined,
        apiUrl: 'http://127.0.0.1:9/api',
        sharding: 'off',
      },
      logger: createMemoryLogger(),
    });
    const target: Target = { platform: 'discord', workspaceId: '1', channelId: '2' };
    expect(await poster.findPosted?.(target, 'oo0123456789abcdef012345')).toBe('unknown');
    expect(poster.repeatIsDroppedWithinMs).toBe(NONCE_DEDUP_WINDOW_MS);
    poster.destroy();
  });
});
