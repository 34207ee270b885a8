// Real HTTP on 127.0.0.1 and real timers: 429s and 5xx from the stand-in are retried and each channel
// gets the announcement once, never sooner than the retry-after.
import path from 'node:path';
import { afterAll, beforeEach, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  DeliveryRunner,
  loadSchedules,
  openSqliteStore,
} from '../../../src/announce/index.js';
import { composeStub, DATES, tempDir } from '../../support/announce-helpers.js';
import { loopbackPoster, StandIn } from '../../support/announce-loopback.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

let standIn: StandIn;
let store: AnnouncementStore;
let scheduler: AnnouncementScheduler;

beforeEach(async () => {
  standIn = new StandIn();
  const url = await standIn.start();
  store = openSqliteStore(path.join(temp.dir, `retries-${++n}.sqlite`));
  const start = new Date('2025-11-03T08:00:30Z').getTime();
  const t0 = Date.now();
  const clock = { now: () => new Date(start + (Date.now() - t0)) };
  const poster = loopbackPoster(url);
  const runner = new DeliveryRunner({
    store,
    posters: { slack: poster, discord: poster },
    compose: composeStub,
    clock,
    concurrency: 4,
    retry: { baseDelayMs: 50, maxDelayMs: 200 },
  });
  scheduler = new AnnouncementScheduler({ store, runner, schedules: loadSchedules(), dates: DATES, clock });
  for (let i = 0; i < 12; i++) {
    await store.subscribe(
      {
        platform: i % 2 ? 'discord' : 'slack',
        workspaceId: 'W1',
        channelId: `ch-${i}`,
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        subscribedBy: 'U1',
      },
      new Date('2025-10-01T00:00:00Z'),
    );
  }
  return async () => {
    await store.close();
    await standIn.stop();
  };
});

test('429s with retry-after and 503s from the loopback stand-in: every channel gets the announcement once, after the wait', async () => {
  standIn.script.set('ch-0', [{ status: 429, body: { retryAfterMs: 300 } }]);
  standIn.script.set('ch-1', [{ status: 429, body: { retryAfterMs: 250, scope: 'bot' } }]);
  standIn.script.set('ch-2', [
    { status: 503, body: {} },
    { status: 502, body: {} },
  ]);
  const report = await scheduler.tick();
  expect(report?.fanOut).toEqual({ posted: 12, skipped: 0, failed: 0, paused: 0, unknown: 0 });
  for (let i = 0; i < 12; i++) expect(standIn.postsTo(`ch-${i}`), `ch-${i}`).toHaveLength(1);
  const tries = (channel: string) => standIn.attempts.filter((a) => a.channelId === channel).map((a) => a.at);
  const [a0 = 0, a1 = 0] = tries('ch-0');
  expect(a1 - a0).toBeGreaterThanOrEqual(300);
  const [b0 = 0, b1 = 0] = tries('ch-1');
  expect(b1 - b0).toBeGreaterThanOrEqual(250);
  expect(tries('ch-2')).toHaveLength(3);
});

test('a channel the stand-in says is gone is paused and not retried; the others are delivered', async () => {
  standIn.script.set('ch-4', [{ status: 404, body: { error: 'channel_not_found' } }]);
  const report = await scheduler.tick();
  expect(report?.fanOut).toMatchObject({ posted: 11, paused: 1 });
  expect(standIn.attempts.filter((a) => a.channelId === 'ch-4')).toHaveLength(1);
  const sub = await store.getSubscription({ platform: 'slack', workspaceId: 'W1', channelId: 'ch-4' });
  expect(sub).toMatchObject({ state: 'paused', pausedReason: 'channel not found: channel_not_found' });
});
