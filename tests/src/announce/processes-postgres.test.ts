// Real bot processes on one real PostgreSQL database, as hosts sharing it: two and four of them go through
// one occurrence fanned out to channels in several workspaces, and one is SIGKILLed in the middle of its
// share. The others finish theirs, settle the dead host's unfinished claims once its heartbeat is stale
// (by the database's clock), and take over its workspaces once its leases expire. Counted at the loopback
// stand-in: every channel gets the announcement exactly once.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openPostgresStore } from '../../../src/announce/index.js';
import { tempDir } from '../../support/announce-helpers.js';
import { StandIn } from '../../support/announce-loopback.js';
import type { BotProcessConfig } from '../../support/bot-process.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';
import { type BotProcess, buildBotProcess, REPO, startBotProcess } from '../../support/spawn.js';

const WORKSPACES = 8;
const PER_WORKSPACE = 30;

describePostgres('bot processes on several hosts sharing one PostgreSQL database', () => {
  const temp = tempDir();
  let script: string;
  beforeAll(() => {
    script = buildBotProcess(path.join(temp.dir, 'build'));
  });
  afterAll(() => temp.cleanup());

  let db: TestDatabase;
  let standIn: StandIn;
  const bots: BotProcess[] = [];
  afterEach(async () => {
    for (const b of bots.splice(0)) if (b.child.exitCode === null) b.child.kill('SIGKILL');
    await standIn.stop();
    await db.drop();
  });

  /** Channels in WORKSPACES workspaces, half of the workspaces on each platform. */
  async function subscribe(): Promise<string[]> {
    const store = await openPostgresStore(db.url);
    const channels: string[] = [];
    for (let w = 0; w < WORKSPACES; w++) {
      const platform = w % 2 ? 'discord' : 'slack';
      for (let c = 0; c < PER_WORKSPACE; c++) {
        const channelId = `${platform}-W${w}-${c}`;
        channels.push(channelId);
        await store.subscribe(
          {
            platform,
            workspaceId: `W${w}`,
            channelId,
            schedule: 'default',
            timeZone: 'Europe/Berlin',
            subscribedBy: 'U1',
          },
          new Date('2025-10-01T00:00:00Z'),
        );
      }
    }
    await store.close();
    return channels;
  }

  async function deliveryStates(): Promise<Record<string, number>> {
    const store = await openPostgresStore(db.url);
    const counts: Record<string, number> = {};
    for (const d of await store.listDeliveries()) counts[d.state] = (counts[d.state] ?? 0) + 1;
    await store.close();
    return counts;
  }

  test.each([
    [2, true, 'marked-posted'],
    [4, false, 'posted'],
  ] as const)(
    '%i hosts, one killed mid-fan-out with posts in flight (landed: %s): every channel gets it exactly once',
    async (hosts, landed, settledAs) => {
      db = await createDatabase('hosts');
      standIn = new StandIn();
      const url = await standIn.start();
      standIn.latencyMs = 8;
      const channels = await subscribe();
      const config: BotProcessConfig = {
        db: '',
        databaseUrl: db.url,
        url,
        schedulesFile: path.join(REPO, 'knowledge/schedules.yaml'),
        start: '2025-11-03T08:00:30Z', // 09:00:30 in Berlin on the start date: the day-of announcement is due
        t0: Date.now(),
        staleAfterMs: 400,
        leaseMs: 800,
        heartbeatEveryMs: 100,
        concurrency: 4,
        waitForGo: true,
        untilIdle: { everyMs: 100, maxTicks: 200 },
      };
      for (let i = 0; i < hosts; i++) bots.push(startBotProcess(script, config));
      await Promise.race([
        Promise.all(bots.map((b) => b.ready)),
        Promise.race(bots.map((b) => b.done)).then((r) => {
          throw new Error(`a bot exited before it was ready: ${r.stderr}`);
        }),
      ]);
      const [victim, ...survivors] = bots;
      if (!victim?.child.pid) throw new Error('no victim process');
      // The victim's requests hang after its 12th post: it is in the middle of its share when killed.
      standIn.hangFrom = { pid: victim.child.pid, count: 12, landed };
      const hung = standIn.hung();
      for (const b of bots) b.child.stdin.write('go\n');
      await hung;
      await sleep(50); // its other workers' requests arrive and hang too
      victim.child.kill('SIGKILL');
      expect((await victim.done).signal).toBe('SIGKILL');

      const results = await Promise.all(survivors.map((b) => b.done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const reports = results.map(
        (r) => r.report as { settled: string[]; fanOut: { posted: number; skipped: number } },
      );
      // The dead host's unfinished claims were settled by the survivors: the hung posts as `settledAs`, and
      // any post that had landed just before the kill but was not yet recorded as marked-posted.
      const settled = reports.flatMap((r) => r.settled);
      expect(settled).toContain(settledAs);
      for (const outcome of settled) expect(['posted', 'marked-posted']).toContain(outcome);
      // The survivors took over its workspaces: every channel has the announcement exactly once.
      for (const channel of channels) expect(standIn.postsTo(channel), channel).toHaveLength(1);
      expect(standIn.posts).toHaveLength(channels.length);
      expect(standIn.posts.filter((p) => p.from === victim.child.pid).length).toBeGreaterThanOrEqual(12);
      for (const b of survivors) expect(standIn.posts.some((p) => p.from === b.child.pid)).toBe(true);
      expect(await deliveryStates()).toEqual({ posted: channels.length });
    },
    60_000,
  );
});
