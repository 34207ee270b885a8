// The Slack Poster against the loopback stand-in, beyond the Poster contract (poster-contract.test.ts):
// what it sends, how Slack's own answers become PostErrors (the table in docs/announcements.md), how
// findPosted reads the channel history, and whole deliveries through the real scheduler, runner and a
// SQLite file: 429s and 5xx delivered once, after the wait.
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_EVENT_TYPE, createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  idempotencyKey,
  type Occurrence,
  type Poster,
  type Target,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createBot, type Knowledge, loadKnowledge } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { tempDir } from '../../support/announce-helpers.js';
import { rejection } from '../../support/contracts/poster-contract.js';
import { FakeSlack } from '../../support/slack/fake-slack.js';
import { BOT_TOKEN, realBot } from '../../support/slack/harness.js';

const TEAM = 'T0000001';
const CHANNEL = 'C0ANNOUNCE';
const target: Target = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL };
const KEY = 'oo0123456789abcdef012345';

/** The 7-days-before milestone of the default schedule in UTC. */
const DUE_AT = new Date('2025-10-27T09:00:00Z');
const occurrence: Occurrence = {
  key: 'start:before-7@2025-10-27T09:00',
  schedule: 'default',
  dateName: 'start',
  kind: 'before',
  daysFromDate: -7,
  at: DUE_AT,
  local: '2025-10-27T09:00',
  timeZone: 'UTC',
};

const temp = tempDir();
let knowledge: Knowledge | undefined;
/** The real deadline text, as the bot process composes it. */
const compose = composeWithBot((clock) => {
  knowledge ??= loadKnowledge();
  return createBot({ knowledge, clock });
});
afterAll(() => temp.cleanup());

function reply() {
  const clock = new ManualClock(DUE_AT);
  return realBot(clock).deadline();
}

describe('the Slack Poster', () => {
  let fake: FakeSlack;
  let poster: Poster;
  let logger: ReturnType<typeof createMemoryLogger>;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    logger = createMemoryLogger();
    poster = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
      logger,
      timeoutMs: 300,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  const post = (key = KEY) => poster.post(target, occurrence, reply(), { idempotencyKey: key });

  it('posts the rendered announcement with its key as message metadata, with the bot token', async () => {
    const expected = reply();
    await post();
    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call?.args).toMatchObject({
      channel: CHANNEL,
      metadata: { event_type: ANNOUNCEMENT_EVENT_TYPE, event_payload: { key: KEY } },
    });
    expect(String(call?.args.text)).toContain(expected.title);
    expect(call?.args.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header' })]));
  });

  it.each([
    ['HTTP 429 with Retry-After', { status: 429, headers: { 'retry-after': '3' } }, 3000],
    [
      'ok:false ratelimited with Retry-After',
      { body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '2' } },
      2000,
    ],
    ['HTTP 429 without Retry-After', { status: 429 }, undefined],
  ])(
    '%s is rate-limited for the workspace, with the wait in ms, and not retried by the client',
    async (_, answer, wait) => {
      fake.script('chat.postMessage', CHANNEL, answer);
      const error = await rejection(post());
      expect(error).toMatchObject({ kind: 'rate-limited', scope: 'workspace', retryAfterMs: wait });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    },
  );

  it('a refused connection is transient and not ambiguous (nothing was sent)', async () => {
    const port = await freePort();
    const offline = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: `http://127.0.0.1:${port}/api/` },
      logger,
      timeoutMs: 300,
    });
    const error = await rejection(offline.post(target, occurrence, reply(), { idempotencyKey: KEY }));
    expect(error).toMatchObject({ kind: 'transient', ambiguous: false });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['missing_scope', 'forbidden'],
    ['internal_error', 'transient'],
    ['invalid_blocks', 'transient'],
  ])('Slack error %s is %s', async (code, kind) => {
    fake.script('chat.postMessage', CHANNEL, { body: { ok: false, error: code } });
    const error = await rejection(post());
    expect(error).toMatchObject({ kind, message: code });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('findPosted finds a posted key among other messages, asking for metadata back past every grace window', async () => {
    fake.addMessage(CHANNEL, { text: 'someone talking' });
    await post(KEY);
    fake.addMessage(CHANNEL, { text: 'someone talking later' });
    expect(await poster.findPosted?.(target, KEY)).toBe('posted');
    const [call] = fake.callsTo('conversations.history');
    expect(call?.args).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
    expect(Number(call?.args.oldest)).toBeLessThan(Date.now() / 1000 - 72 * 3600);
  });

  it('findPosted looks only within its window and pages through a busy channel, then says unknown', async () => {
    const metadata = { event_type: ANNOUNCEMENT_EVENT_TYPE, event_payload: { key: KEY } };
    // Posted four days ago: older than any grace window, so not what is being settled.
    fake.addMessage(CHANNEL, { metadata }, 4 * 86_400);
    expect(await poster.findPosted?.(target, KEY)).toBe('not-posted');

    const paged = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
      logger,
      historyPages: 2,
    });
    fake.addMessage(
      CHANNEL,
      { metadata: { ...metadata, event_payload: { key: 'oo_on_page_two_000000000' } } },
      60,
    );
    for (let i = 0; i < 250; i++) fake.addMessage(CHANNEL, {}, 30);
    expect(await paged.findPosted?.(target, 'oo_on_page_two_000000000')).toBe('posted');
    for (let i = 0; i < 200; i++) fake.addMessage(CHANNEL, {}, 10);
    // Now it is on page three, beyond what this poster reads: it cannot say it was not posted.
    expect(await paged.findPosted?.(target, 'oo_on_page_two_000000000')).toBe('unknown');
  });

  it('findPosted says unknown when Slack will not show the history', async () => {
    fake.notMember.add(CHANNEL);
    expect(await poster.findPosted?.(target, KEY)).toBe('unknown');
    fake.notMember.delete(CHANNEL);
    fake.script('conversations.history', CHANNEL, { status: 503 });
    expect(await poster.findPosted?.(target, KEY)).toBe('unknown');
    expect(JSON.stringify(logger.lines)).not.toMatch(/xox[bp]-/);
  });
});

describe('deliveries through the scheduler and runner, with a SQLite file', () => {
  let fake: FakeSlack;
  let service: AnnouncementService;
  let n = 0;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    // Real time, starting 30 s after the milestone: real Retry-After waits are measured on it.
    const start = DUE_AT.getTime() + 30_000;
    const t0 = Date.now();
    const clock = { now: () => new Date(start + (Date.now() - t0)) };
    const logger = createMemoryLogger();
    const poster = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
      logger,
      timeoutMs: 300,
    });
    const bot = realBot(new ManualClock(DUE_AT));
    service = createAnnouncementService({
      databasePath: path.join(temp.dir, `poster-${++n}.sqlite`),
      dates: bot.dates(),
      compose: compose,
      posters: { slack: poster },
      clock,
      logger,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
    });
    await service.store.subscribe(
      { ...target, schedule: 'default', timeZone: 'UTC', subscribedBy: 'UADMIN001' },
      new Date('2025-10-01T00:00:00Z'),
    );
  });
  afterEach(async () => {
    await service.stop();
    await fake.close();
  });

  const attempts = () => fake.callsTo('chat.postMessage').map((c) => c.at);

  it('a 429 with Retry-After: 1, then success: posted once, not before the second is up', async () => {
    fake.script('chat.postMessage', CHANNEL, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const report = await service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1, failed: 0 });
    const [first = 0, second = 0, ...more] = attempts();
    expect(more).toEqual([]);
    expect(second - first).toBeGreaterThanOrEqual(1000);
    expect(fake.announcementsIn(CHANNEL)).toHaveLength(1);
    const sub = await service.store.getSubscription(target);
    const [delivery] = await service.store.listDeliveries(sub?.id);
    expect(delivery).toMatchObject({ state: 'posted', messageRef: fake.announcementsIn(CHANNEL)[0]?.ts });
  });

  it('503, then 502, then success: posted once, after three attempts', async () => {
    fake.script('chat.postMessage', CHANNEL, { status: 503 }, { status: 502 });
    const report = await service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1 });
    expect(attempts()).toHaveLength(3);
    expect(fake.announcementsIn(CHANNEL)).toHaveLength(1);
  });

  it('a timeout after Slack took the message: found in the history, not posted again', async () => {
    fake.script('chat.postMessage', CHANNEL, { land: true, delayMs: 1000 });
    const report = await service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ posted: 1 });
    expect(attempts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.announcementsIn(CHANNEL)).toHaveLength(1);
  });

  it('channel_not_found pauses the subscription with the reason, and it is not retried', async () => {
    fake.script('chat.postMessage', CHANNEL, { body: { ok: false, error: 'channel_not_found' } });
    const report = await service.scheduler.tick();
    expect(report?.fanOut).toMatchObject({ paused: 1, posted: 0 });
    expect(await service.store.getSubscription(target)).toMatchObject({
      state: 'paused',
      pausedReason: 'channel not found: channel_not_found',
    });
    expect(await service.scheduler.tick()).toMatchObject({ due: 0 });
    expect(attempts()).toHaveLength(1);
  });

  it('a delivery a dead process left claimed is settled from the history: marked, not posted again', async () => {
    const sub = await service.store.getSubscription(target);
    if (!sub) throw new Error('no subscription');
    const claimedAt = new Date(DUE_AT.getTime() + 1000);
    await service.store.heartbeat('dead-runner', claimedAt);
    await service.store.claim({
      subscriptionId: sub.id,
      occurrenceKey: occurrence.key,
      scheduledAt: DUE_AT,
      owner: 'dead-runner',
      now: claimedAt,
      maxAttempts: 3,
    });
    // The dead process got the message out before it died.
    fake.addMessage(CHANNEL, {
      metadata: {
        event_type: ANNOUNCEMENT_EVENT_TYPE,
        event_payload: { key: idempotencyKey(sub.id, occurrence.key) },
      },
    });
    // Its claim is older than the 60 s after which a silent runner counts as dead.
    const later = new ManualClock(DUE_AT.getTime() + 120_000);
    const settler = createAnnouncementService({
      databasePath: path.join(temp.dir, `poster-${n}.sqlite`),
      dates: realBot(later).dates(),
      compose: compose,
      posters: {
        slack: createSlackPoster({
          config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
          logger: createMemoryLogger(),
        }),
      },
      clock: later,
    });
    try {
      const report = await settler.scheduler.tick();
      expect(report?.settled).toEqual(['marked-posted']);
      expect(attempts()).toEqual([]);
      expect(await settler.store.getDelivery(sub.id, occurrence.key)).toMatchObject({ state: 'posted' });
    } finally {
      await settler.stop();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
