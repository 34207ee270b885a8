import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  DeliveryRunner,
  idempotencyKey,
  loadSchedules,
  openSqliteStore,
  type Subscription,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { clockSleep, composeStub, DATES, RecordingPoster, tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

const DAY_KEY = 'start:day@2025-11-03T09:00';
const T0 = new Date('2025-11-03T08:01:00Z'); // 09:01 in Berlin on the start date
let clock: ManualClock;
let store: AnnouncementStore;
let slack: RecordingPoster;
let logger: ReturnType<typeof createMemoryLogger>;
let sub: Subscription;

beforeEach(async () => {
  clock = new ManualClock(T0);
  store = openSqliteStore(path.join(temp.dir, `settle-${++n}.sqlite`));
  slack = new RecordingPoster(clock);
  logger = createMemoryLogger();
  sub = await store.subscribe(
    {
      platform: 'slack',
      workspaceId: 'T1',
      channelId: 'C1',
      schedule: 'default',
      timeZone: 'Europe/Berlin',
      subscribedBy: 'U1',
    },
    new Date('2025-10-01T00:00:00Z'),
  );
  // A runner that claimed the day-of announcement and was then killed: it never heartbeats again.
  await store.heartbeat('dead', T0);
  await store.claim({
    subscriptionId: sub.id,
    occurrenceKey: DAY_KEY,
    scheduledAt: T0,
    owner: 'dead',
    now: T0,
    maxAttempts: 3,
  });
  return () => store.close();
});

function restarted(staleAfterMs = 60_000) {
  const runner = new DeliveryRunner({
    store,
    posters: { slack },
    compose: composeStub,
    clock,
    sleep: clockSleep(clock),
    logger,
    owner: 'restarted',
  });
  return new AnnouncementScheduler({
    store,
    runner,
    schedules: loadSchedules(),
    dates: DATES,
    clock,
    logger,
    staleAfterMs,
  });
}

const delivery = () => store.getDelivery(sub.id, DAY_KEY);
const postAsDeadRunner = () =>
  slack.posts.push({
    channel: 'C1',
    platform: 'slack',
    occurrence: DAY_KEY,
    key: idempotencyKey(sub.id, DAY_KEY),
    at: T0.getTime(),
    text: '',
  });

describe('settling a delivery left claimed by a killed runner', () => {
  test('while the old runner might still be alive (recent heartbeat), its claim is left alone', async () => {
    clock.advance(30_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual([]);
    expect(report?.fanOut?.skipped).toBe(1);
    expect(slack.attempts).toHaveLength(0);
  });

  test('the post had landed: the platform finds it, the delivery is marked posted and not posted again', async () => {
    postAsDeadRunner();
    clock.advance(61_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual(['marked-posted']);
    expect(slack.attempts).toHaveLength(0);
    expect(await delivery()).toMatchObject({ state: 'posted', owner: 'restarted' });
  });

  test('the post had not landed and it is still due: it is posted now, once, with the same key', async () => {
    clock.advance(61_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual(['posted']);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]?.key).toBe(idempotencyKey(sub.id, DAY_KEY));
    expect(await delivery()).toMatchObject({ state: 'posted' });
    // The next tick finds the claim taken and posts nothing more.
    await restarted().tick();
    expect(slack.attempts).toHaveLength(1);
  });

  test('the post had not landed but its grace window has passed: it is dropped, not posted late', async () => {
    clock.advance(13 * 3_600_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual(['dropped']);
    expect(slack.attempts).toHaveLength(0);
    expect(await delivery()).toMatchObject({
      state: 'failed',
      error: 'not posted before the restart, and no longer due',
    });
  });

  test('the platform cannot tell: nothing is posted, the delivery is marked unknown and a warning is logged', async () => {
    slack.settleAnswer = 'unknown';
    clock.advance(61_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual(['unknown']);
    expect(slack.attempts).toHaveLength(0);
    expect(await delivery()).toMatchObject({ state: 'unknown' });
    expect(logger.lines.find((l) => l.level === 'warn')).toMatchObject({
      msg: 'could not settle an unfinished announcement; not posting it again',
      occurrence: DAY_KEY,
      target: 'slack:T1/C1',
    });
  });

  test('the platform cannot tell, but drops repeats of a key for a while (a Discord nonce): it is posted again with that key', async () => {
    slack.settleAnswer = 'unknown';
    slack.repeatIsDroppedWithinMs = 5 * 60_000;
    clock.advance(61_000);
    const report = await restarted().tick();
    expect(report?.settled).toEqual(['posted']);
    expect(slack.posts.map((p) => p.key)).toEqual([idempotencyKey(sub.id, DAY_KEY)]);
  });

  test('the platform cannot tell and the repeat window has passed: it is not posted again', async () => {
    slack.settleAnswer = 'unknown';
    slack.repeatIsDroppedWithinMs = 60_000;
    clock.advance(2 * 60_000);
    expect((await restarted().tick())?.settled).toEqual(['unknown']);
    expect(slack.attempts).toHaveLength(0);
  });

  test('two restarted runners settling at once: only one takes the orphan', async () => {
    clock.advance(61_000);
    const other = openSqliteStore(path.join(temp.dir, `settle-${n}.sqlite`));
    const a = restarted();
    const b = new AnnouncementScheduler({
      store: other,
      runner: new DeliveryRunner({
        store: other,
        posters: { slack },
        compose: composeStub,
        clock,
        owner: 'other',
      }),
      schedules: loadSchedules(),
      dates: DATES,
      clock,
    });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect([...(ra?.settled ?? []), ...(rb?.settled ?? [])]).toEqual(['posted']);
    expect(slack.posts).toHaveLength(1);
    await other.close();
  });
});
