import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  DeliveryRunner,
  type Due,
  loadSchedules,
  openSqliteStore,
  PostError,
  type RunnerOptions,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import {
  clockSleep,
  composeStub,
  DATES,
  RecordingPoster,
  rateLimited,
  serverError,
  tempDir,
  timeoutAfterLanding,
} from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

const T0 = new Date('2025-11-03T08:00:30Z'); // just after 09:00 in Berlin on the start date
let clock: ManualClock;
let store: AnnouncementStore;
let slack: RecordingPoster;
let discord: RecordingPoster;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(() => {
  clock = new ManualClock(T0);
  store = openSqliteStore(path.join(temp.dir, `runner-${++n}.sqlite`));
  slack = new RecordingPoster(clock, 1);
  discord = new RecordingPoster(clock, 1);
  logger = createMemoryLogger();
  return () => store.close();
});

function runner(extra: Partial<RunnerOptions> = {}) {
  return new DeliveryRunner({
    store,
    posters: { slack, discord },
    compose: composeStub,
    clock,
    sleep: clockSleep(clock),
    random: () => 0.5,
    logger,
    ...extra,
  });
}

/** Subscribe `count` channels per platform and return what is due now. */
async function dueFor(count: number, r: DeliveryRunner): Promise<Due[]> {
  for (let i = 0; i < count; i++) {
    for (const platform of ['slack', 'discord'] as const) {
      await store.subscribe(
        {
          platform,
          workspaceId: 'W1',
          channelId: `${platform === 'slack' ? 'C' : 'D'}${i}`,
          schedule: 'default',
          timeZone: 'Europe/Berlin',
          subscribedBy: 'U1',
        },
        new Date('2025-10-01T00:00:00Z'),
      );
    }
  }
  const scheduler = new AnnouncementScheduler({
    store,
    runner: r,
    schedules: loadSchedules(),
    dates: DATES,
    clock,
  });
  return scheduler.dueNow(clock.now());
}

describe('fan-out', () => {
  test('40 channels on two platforms each get the day-of announcement once, with bounded concurrency', async () => {
    const r = runner({ concurrency: 4 });
    const due = await dueFor(20, r);
    expect(due).toHaveLength(40);
    expect(new Set(due.map((d) => d.occurrence.key))).toEqual(new Set(['start:day@2025-11-03T09:00']));
    const report = await r.deliver(due);
    expect(report).toEqual({ posted: 40, skipped: 0, failed: 0, paused: 0, unknown: 0 });
    expect(slack.posts).toHaveLength(20);
    expect(discord.posts).toHaveLength(20);
    expect(slack.maxInFlight).toBeLessThanOrEqual(4);
    expect(slack.maxInFlight).toBeGreaterThan(1);
    expect((await store.listDeliveries()).every((d) => d.state === 'posted' && d.messageRef)).toBe(true);
  });

  test('delivering the same due list again posts nothing: every claim is already taken', async () => {
    const r = runner();
    const due = await dueFor(3, r);
    await r.deliver(due);
    const again = await runner().deliver(due);
    expect(again.skipped).toBe(6);
    expect(slack.posts.length + discord.posts.length).toBe(6);
  });

  test('the idempotency key is the same for every attempt at one delivery', async () => {
    slack.fail('C0', serverError());
    const r = runner();
    await r.deliver(await dueFor(1, r));
    const keys = new Set(slack.posts.map((p) => p.key));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^oo[0-9a-f]{22}$/);
  });
});

describe('rate limits', () => {
  test('a 429 with retry-after: the channel gets the announcement once, no sooner than the retry-after', async () => {
    slack.fail('C0', rateLimited(1_500));
    const r = runner();
    await r.deliver(await dueFor(1, r));
    const tries = slack.attempts.filter((a) => a.channel === 'C0');
    expect(tries).toHaveLength(2);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_500);
    expect(slack.postsTo('C0')).toHaveLength(1);
  });

  test('a global 429 holds every post on that platform until it passes; the other platform does not wait', async () => {
    slack.fail('C0', rateLimited(2_000, 'bot'));
    const sleep = clockSleep(clock);
    const r = runner({ concurrency: 1, sleep });
    await r.deliver(await dueFor(3, r));
    expect(slack.posts.map((p) => p.channel).sort()).toEqual(['C0', 'C1', 'C2']);
    for (const p of slack.posts) expect(p.at).toBeGreaterThanOrEqual(T0.getTime() + 2_000);
    expect(slack.attempts).toHaveLength(4);
    // One wait in all: the Slack worker's. Discord's worker never slept.
    expect(sleep.waits).toEqual([2_000]);
    expect(discord.posts).toHaveLength(3);
  });

  test('a channel that stays rate limited gives up after the bounded number of waits, marked failed', async () => {
    slack.fail('C0', ...Array.from({ length: 10 }, () => rateLimited(100)));
    const r = runner({ retry: { rateLimitedAttempts: 3 } });
    const report = await r.deliver(await dueFor(1, r));
    expect(report).toMatchObject({ posted: 1, failed: 1 });
    expect(slack.attempts).toHaveLength(4);
  });
});

describe('server errors and timeouts', () => {
  test('two 503s then success: posted once, after two backoffs with jitter inside their bounds', async () => {
    slack.fail('C0', serverError(), serverError());
    const sleep = clockSleep(clock);
    const r = runner({ sleep });
    await r.deliver(await dueFor(1, r));
    expect(slack.postsTo('C0')).toHaveLength(1);
    // base 1 s doubling; "equal jitter" with random 0.5: 750 ms then 1.5 s
    expect(sleep.waits).toEqual([750, 1_500]);
  });

  test('backoff grows to its cap and never beyond', () => {
    const r = runner({ random: () => 0.999, retry: { maxDelayMs: 8_000 } });
    const waits = [1, 2, 3, 4, 5, 6].map((a) => r.backoff(a));
    expect(waits.every((w, i) => i === 0 || w >= (waits[i - 1] ?? 0))).toBe(true);
    expect(Math.max(...waits)).toBeLessThanOrEqual(8_000);
  });

  test('a round that keeps failing is marked failed; a later round posts it once', async () => {
    slack.fail('C0', ...Array.from({ length: 5 }, serverError));
    const r = runner();
    const due = await dueFor(1, r);
    expect((await r.deliver(due)).failed).toBe(1);
    expect(await store.getDelivery(due[0]?.subscription.id ?? 0, due[0]?.occurrence.key ?? '')).toMatchObject(
      {
        state: 'failed',
        attempts: 1,
      },
    );
    expect(logger.lines.some((l) => l.msg === 'announcement gave up after retries')).toBe(true);
    expect((await r.deliver(due)).posted).toBe(1);
    expect(slack.postsTo('C0')).toHaveLength(1);
  });

  test('a timeout after the post landed is found in the channel and not posted again', async () => {
    slack.fail('C0', timeoutAfterLanding());
    const r = runner();
    const report = await r.deliver(await dueFor(1, r));
    expect(report.posted).toBe(2);
    expect(slack.postsTo('C0')).toHaveLength(1);
    expect(slack.attempts.filter((a) => a.channel === 'C0')).toHaveLength(1);
  });

  test('an unexpected error from a poster is retried like a timeout', async () => {
    slack.fail('C0', new TypeError('fetch failed'));
    const r = runner();
    await r.deliver(await dueFor(1, r));
    expect(slack.postsTo('C0')).toHaveLength(1);
  });
});

describe('permanent errors pause the subscription', () => {
  test.each([
    ['gone', 'channel_not_found', 'channel not found: channel_not_found'],
    ['forbidden', 'Missing Access', 'the bot may not post here: Missing Access'],
  ] as const)(
    'a %s channel is paused with a logged reason and not retried',
    async (kind, message, reason) => {
      slack.fail('C0', new PostError(kind, message));
      const r = runner();
      const report = await r.deliver(await dueFor(2, r));
      expect(report).toMatchObject({ posted: 3, paused: 1 });
      expect(slack.attempts.filter((a) => a.channel === 'C0')).toHaveLength(1);
      const sub = await store.getSubscription({ platform: 'slack', workspaceId: 'W1', channelId: 'C0' });
      expect(sub).toMatchObject({ state: 'paused', pausedReason: reason });
      const line = logger.lines.find((l) => l.msg === 'announcement subscription paused');
      expect(line).toMatchObject({ reason, target: 'slack:W1/C0' });
    },
  );
});

describe('failures stay with their delivery', () => {
  test('compose failing for an occurrence fails those deliveries and the fan-out finishes', async () => {
    const r = runner({
      compose: () => {
        throw new Error('knowledge not loaded');
      },
    });
    const report = await r.deliver(await dueFor(2, r));
    expect(report.failed).toBe(4);
    expect((await store.listDeliveries()).every((d) => d.state === 'failed')).toBe(true);
  });

  test('log lines carry context but never the announcement text', async () => {
    slack.fail('C0', serverError());
    const r = runner();
    await r.deliver(await dueFor(1, r));
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('start:day@2025-11-03T09:00');
    expect(text).not.toContain('composed at');
  });
});

describe('two runners sharing one SQLite file', () => {
  test('racing over the same 50 deliveries on two connections, each channel is posted to once', async () => {
    const file = path.join(temp.dir, `shared-${++n}.sqlite`);
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    const ra = runner({ store: a, owner: 'A', concurrency: 3 });
    const rb = runner({ store: b, owner: 'B', concurrency: 3 });
    store = a;
    const due = await dueFor(25, ra);
    const [x, y] = await Promise.all([ra.deliver(due), rb.deliver(due)]);
    expect(x.posted + y.posted).toBe(50);
    expect(x.skipped + y.skipped).toBe(50);
    expect(x.posted).toBeGreaterThan(0);
    expect(y.posted).toBeGreaterThan(0);
    const channels = [...slack.posts, ...discord.posts].map((p) => p.channel);
    expect(new Set(channels).size).toBe(50);
    expect(channels).toHaveLength(50);
    await b.close();
  });
});

describe('recording a post', () => {
  test('a database error while marking a successful post does not post it again', async () => {
    const r0 = runner();
    const due = await dueFor(1, r0);
    const finish = store.finish.bind(store);
    let failOnce = true;
    store.finish = async (...args) => {
      if (failOnce && args[3].state === 'posted') {
        failOnce = false;
        throw new Error('SQLITE_BUSY: database is locked');
      }
      return finish(...args);
    };
    const report = await runner({ store }).deliver(due);
    expect(report.posted).toBe(2);
    expect(slack.posts.length + discord.posts.length).toBe(2);
    expect(logger.lines.find((l) => l.level === 'error')).toMatchObject({
      msg: 'announcement posted but not recorded; it will be settled on restart',
    });
  });

  test('a workspace-wide 429 holds that workspace only: another workspace posts while it waits', async () => {
    // Waiting takes real time and leaves the clock alone: the hold lasts until the test moves the clock.
    const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
    const r = runner({ sleep });
    await dueFor(2, r); // C0 and C1 in workspace W1
    await store.subscribe(
      {
        platform: 'slack',
        workspaceId: 'W2',
        channelId: 'E0',
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        subscribedBy: 'U1',
      },
      new Date('2025-10-01T00:00:00Z'),
    );
    const slackDue = (await dueFor(2, r)).filter((d) => d.subscription.platform === 'slack');
    const pick = (...ids: string[]) => slackDue.filter((d) => ids.includes(d.subscription.channelId));
    slack.fail('C0', rateLimited(5_000, 'workspace'));
    const first = r.deliver(pick('C0'));
    await vi.waitFor(() => expect(slack.attempts.map((a) => a.channel)).toEqual(['C0']));
    const second = r.deliver(pick('C1', 'E0'));
    await vi.waitFor(() => expect(slack.postsTo('E0')).toHaveLength(1));
    expect(slack.postsTo('C1')).toHaveLength(0); // same workspace as C0: held
    clock.advance(5_000);
    await Promise.all([first, second]);
    expect(slack.posts[0]?.channel).toBe('E0');
    expect(slack.postsTo('C0')).toHaveLength(1);
    expect(slack.postsTo('C1')).toHaveLength(1);
  });
});
