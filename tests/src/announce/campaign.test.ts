import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  DeliveryRunner,
  loadSchedules,
  openSqliteStore,
  zonedWallTime,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { clockSleep, composeStub, DATES, RecordingPoster, tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

const TICK_MS = 30 * 60_000;
let clock: ManualClock;
let store: AnnouncementStore;
let slack: RecordingPoster;
let discord: RecordingPoster;
let scheduler: AnnouncementScheduler;

beforeEach(() => {
  clock = new ManualClock('2025-09-20T00:00:00Z');
  store = openSqliteStore(path.join(temp.dir, `campaign-${++n}.sqlite`));
  slack = new RecordingPoster(clock);
  discord = new RecordingPoster(clock);
  const runner = new DeliveryRunner({
    store,
    posters: { slack, discord },
    compose: composeStub,
    clock,
    sleep: clockSleep(clock),
  });
  scheduler = new AnnouncementScheduler({ store, runner, schedules: loadSchedules(), dates: DATES, clock });
  return () => store.close();
});

const subscribe = (
  platform: 'slack' | 'discord',
  channelId: string,
  timeZone: string,
  schedule = 'default',
) =>
  store.subscribe(
    { platform, workspaceId: 'W1', channelId, schedule, timeZone, subscribedBy: 'U1' },
    clock.now(),
  );

/** Tick every half hour until `until`, skipping ticks while `down` says the bot is down. */
async function run(until: string, down: (now: Date) => boolean = () => false) {
  const end = new Date(until).getTime();
  while (clock.now().getTime() < end) {
    clock.advance(TICK_MS);
    if (!down(clock.now())) await scheduler.tick();
  }
}

const times = (p: RecordingPoster, channel: string) =>
  p.postsTo(channel).map((x) => new Date(x.at).toISOString());

describe('a whole campaign under a manual clock', () => {
  test('Berlin and New York each get every announcement once at 09:00 local, across both autumn and spring DST changes', async () => {
    await subscribe('slack', 'C-berlin', 'Europe/Berlin');
    await subscribe('discord', 'D-newyork', 'America/New_York');
    await run('2026-04-10T00:00:00Z');

    expect(times(slack, 'C-berlin')).toEqual([
      '2025-10-04T07:00:00.000Z',
      '2025-10-20T07:00:00.000Z',
      '2025-10-27T08:00:00.000Z', // Europe left summer time on 26 October
      '2025-10-31T08:00:00.000Z',
      '2025-11-02T08:00:00.000Z',
      '2025-11-03T08:00:00.000Z',
      '2025-12-01T08:00:00.000Z',
      '2026-01-05T08:00:00.000Z',
      '2026-02-02T08:00:00.000Z',
      '2026-03-02T08:00:00.000Z',
      '2026-04-06T07:00:00.000Z', // summer time again from 29 March
    ]);
    expect(times(discord, 'D-newyork')).toEqual([
      '2025-10-04T13:00:00.000Z',
      '2025-10-20T13:00:00.000Z',
      '2025-10-27T13:00:00.000Z', // still EDT: the US changes a week later
      '2025-10-31T13:00:00.000Z',
      '2025-11-02T14:00:00.000Z', // EST from 2 November, the day of the 1-day milestone
      '2025-11-03T14:00:00.000Z',
      '2025-12-01T14:00:00.000Z',
      '2026-01-05T14:00:00.000Z',
      '2026-02-02T14:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      '2026-04-06T13:00:00.000Z', // EDT from 8 March
    ]);
    for (const [poster, zone] of [
      [slack, 'Europe/Berlin'],
      [discord, 'America/New_York'],
    ] as const) {
      for (const p of poster.posts)
        expect(zonedWallTime(new Date(p.at), zone)).toMatchObject({ hour: 9, minute: 0 });
      // Composed at posting time, so countdown text is right for the moment it appears.
      for (const p of poster.posts) expect(p.text).toContain(`composed at ${new Date(p.at).toISOString()}`);
    }
    const deliveries = await store.listDeliveries();
    expect(deliveries).toHaveLength(22);
    expect(deliveries.every((d) => d.state === 'posted' && d.attempts === 1)).toBe(true);
  });

  test('after four days of downtime each channel gets only the latest missed announcement, then carries on', async () => {
    await subscribe('slack', 'C-berlin', 'Europe/Berlin');
    await subscribe('discord', 'D-newyork', 'America/New_York');
    const down = (now: Date) =>
      now >= new Date('2025-10-29T00:00:00Z') && now < new Date('2025-11-02T15:00:00Z');
    await run('2025-11-04T00:00:00Z', down);

    // The 3-days milestone (31 October) was missed and is not posted; the 1-day one is, late, on restart.
    expect(times(slack, 'C-berlin').slice(2)).toEqual([
      '2025-10-27T08:00:00.000Z',
      '2025-11-02T15:00:00.000Z',
      '2025-11-03T08:00:00.000Z',
    ]);
    expect(times(discord, 'D-newyork').slice(2)).toEqual([
      '2025-10-27T13:00:00.000Z',
      '2025-11-02T15:00:00.000Z',
      '2025-11-03T14:00:00.000Z',
    ]);
    expect(slack.postsTo('C-berlin').map((p) => p.occurrence)).not.toContain(
      'start:before-3@2025-10-31T09:00',
    );
  });

  test('downtime longer than the grace window posts nothing late', async () => {
    await subscribe('slack', 'C-berlin', 'Europe/Berlin');
    const down = (now: Date) =>
      now >= new Date('2025-11-02T00:00:00Z') && now < new Date('2025-11-02T20:30:00Z');
    await run('2025-11-02T23:00:00Z', down);
    expect(slack.postsTo('C-berlin').map((p) => p.occurrence)).not.toContain(
      'start:before-1@2025-11-02T09:00',
    );
  });

  test('a channel that subscribes mid-campaign starts with the next announcement, not a backlog', async () => {
    await run('2025-10-21T10:00:00Z');
    await subscribe('slack', 'C-late', 'Asia/Tokyo', 'light');
    await run('2025-11-04T00:00:00Z');
    expect(slack.postsTo('C-late').map((p) => p.occurrence)).toEqual([
      'start:before-7@2025-10-27T09:00',
      'start:day@2025-11-03T09:00',
    ]);
  });

  test('a paused channel gets nothing until it subscribes again, and then only what is due next', async () => {
    const sub = await subscribe('slack', 'C-berlin', 'Europe/Berlin');
    await run('2025-10-05T00:00:00Z');
    await store.pause(sub.id, 'channel not found: channel_not_found', clock.now());
    await run('2025-10-28T00:00:00Z');
    expect(slack.postsTo('C-berlin')).toHaveLength(1);
    await subscribe('slack', 'C-berlin', 'Europe/Berlin');
    await run('2025-11-01T00:00:00Z');
    expect(slack.postsTo('C-berlin').map((p) => p.occurrence)).toEqual([
      'start:before-30@2025-10-04T09:00',
      'start:before-3@2025-10-31T09:00',
    ]);
  });
});
