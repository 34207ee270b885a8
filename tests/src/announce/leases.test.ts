// Fan-out across hosts sharing one PostgreSQL database: each workspace's posts are made by one host (the
// one holding its lease), hosts ticking together split the workspaces, a workspace held by a live host is
// left to it, and once that host's lease expires (by the database's clock) another takes over the rest.
// Two runners on two pools of the real test server stand for two hosts.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  DeliveryRunner,
  type Due,
  loadSchedules,
  openPostgresStore,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { composeStub, DATES, RecordingPoster } from '../../support/announce-helpers.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';

const T0 = new Date('2025-11-03T08:00:30Z'); // just after 09:00 in Berlin on the start date

describePostgres('workspace leases in a fan-out over several hosts', () => {
  let db: TestDatabase;
  const stores: AnnouncementStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await db.drop();
  });

  async function host(name: string, leaseMs = 10_000) {
    const store = await openPostgresStore(db.url);
    stores.push(store);
    const clock = new ManualClock(T0);
    const poster = new RecordingPoster(clock, 2);
    const runner = new DeliveryRunner({
      store,
      posters: { slack: poster },
      compose: composeStub,
      clock,
      owner: name,
      concurrency: 4,
      leaseMs,
    });
    const scheduler = new AnnouncementScheduler({
      store,
      runner,
      schedules: loadSchedules(),
      dates: DATES,
      clock,
    });
    await runner.heartbeat(true);
    return { store, runner, poster, scheduler, due: () => scheduler.dueNow(clock.now()) };
  }

  async function subscribe(store: AnnouncementStore, workspaces: number, perWorkspace: number) {
    for (let w = 0; w < workspaces; w++)
      for (let c = 0; c < perWorkspace; c++)
        await store.subscribe(
          {
            platform: 'slack',
            workspaceId: `W${w}`,
            channelId: `W${w}-C${c}`,
            schedule: 'default',
            timeZone: 'Europe/Berlin',
            subscribedBy: 'U1',
          },
          new Date('2025-10-01T00:00:00Z'),
        );
  }

  const workspaceOf = (channel: string) => channel.split('-')[0] ?? '';

  test('two hosts ticking together split the workspaces: each channel once, each workspace by one host', async () => {
    db = await createDatabase('leases');
    const a = await host('host-a');
    const b = await host('host-b');
    await subscribe(a.store, 6, 15);
    const [dueA, dueB] = await Promise.all([a.due(), b.due()]);
    const [reportA, reportB] = await Promise.all([a.runner.deliver(dueA), b.runner.deliver(dueB)]);
    const posts = [...a.poster.posts, ...b.poster.posts];
    expect(posts).toHaveLength(90);
    expect(new Set(posts.map((p) => p.channel)).size).toBe(90);
    const byA = new Set(a.poster.posts.map((p) => workspaceOf(p.channel)));
    const byB = new Set(b.poster.posts.map((p) => workspaceOf(p.channel)));
    expect([...byA].filter((w) => byB.has(w))).toEqual([]);
    expect(byA.size).toBeGreaterThan(0);
    expect(byB.size).toBeGreaterThan(0);
    expect(reportA.posted + reportB.posted).toBe(90);
    // Done: every lease was given back.
    expect(await a.store.leases?.acquire('someone', 'slack', 'W0', 1_000)).toBe(true);
  });

  test('a workspace a live host holds is left to it, and taken over once that lease expires', async () => {
    db = await createDatabase('leases');
    const stuck = await host('stuck', 400);
    const other = await host('other', 400);
    await subscribe(stuck.store, 2, 5);
    // The stuck host posts two of W0's five channels, then stops (it died, or hangs).
    const w0 = (await stuck.due()).filter((d) => d.subscription.workspaceId === 'W0');
    const firstTwo: Due[] = w0.slice(0, 2);
    await stuck.runner.deliver(firstTwo);
    expect(stuck.poster.posts).toHaveLength(2);
    // It takes W0 again for the three left, and is never heard from after that.
    expect(await stuck.store.leases?.acquire('stuck', 'slack', 'W0', 400)).toBe(true);

    const first = await other.scheduler.tick();
    expect(first?.fanOut).toMatchObject({ posted: 5, elsewhere: 5 });
    expect(other.poster.posts.map((p) => workspaceOf(p.channel))).toEqual(Array(5).fill('W1'));

    await sleep(500); // the stuck host's lease runs out on the database's clock
    const second = await other.scheduler.tick();
    // W0 now: the two posted channels are skipped in one look-up, the three others posted, once each.
    expect(second?.fanOut).toMatchObject({ posted: 3, skipped: 2 });
    const all = [...stuck.poster.posts, ...other.poster.posts].map((p) => p.channel).sort();
    expect(all).toEqual([...new Set(all)]);
    expect(all).toHaveLength(10);
  });
});
