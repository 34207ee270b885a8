// Real processes on one real SQLite file: a bot killed mid-fan-out and restarted, and two bots ticking at
// once. Each channel must get the occurrence exactly once.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../../../src/announce/index.js';
import { tempDir } from '../../support/announce-helpers.js';
import { StandIn } from '../../support/announce-loopback.js';
import type { BotProcessConfig } from '../../support/bot-process.js';
import { buildBotProcess, REPO, startBotProcess } from '../../support/spawn.js';

const temp = tempDir();
let script: string;
let n = 0;
beforeAll(() => {
  script = buildBotProcess(path.join(temp.dir, 'build'));
});
afterAll(() => temp.cleanup());

let standIn: StandIn;
let config: BotProcessConfig;

beforeEach(async () => {
  standIn = new StandIn();
  const url = await standIn.start();
  config = {
    db: path.join(temp.dir, `shared-${++n}.sqlite`),
    url,
    schedulesFile: path.join(REPO, 'knowledge/schedules.yaml'),
    start: '2025-11-03T08:00:30Z', // 09:00:30 in Berlin on the start date: the day-of announcement is due
    t0: Date.now(),
    staleAfterMs: 300,
    concurrency: 4,
    waitForGo: false,
  };
  return () => standIn.stop();
});

async function subscribe(count: number): Promise<string[]> {
  const store = openSqliteStore(config.db);
  const channels: string[] = [];
  for (let i = 0; i < count; i++) {
    const platform = i % 2 ? 'discord' : 'slack';
    const channelId = `${platform}-${i}`;
    channels.push(channelId);
    await store.subscribe(
      {
        platform,
        workspaceId: 'W1',
        channelId,
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        subscribedBy: 'U1',
      },
      new Date('2025-10-01T00:00:00Z'),
    );
  }
  await store.close();
  return channels;
}

async function deliveryStates(): Promise<Record<string, number>> {
  const store = openSqliteStore(config.db);
  const counts: Record<string, number> = {};
  for (const d of await store.listDeliveries()) counts[d.state] = (counts[d.state] ?? 0) + 1;
  await store.close();
  return counts;
}

describe('a bot process killed in the middle of a fan-out', () => {
  test.each([
    ['had landed', true, 'marked-posted'],
    ['had not landed', false, 'posted'],
  ] as const)(
    'posts in flight that %s: after a restart every channel has the announcement exactly once',
    async (_what, landed, settledAs) => {
      const channels = await subscribe(60);
      standIn.hangAfter = { count: 25, landed };
      const hung = standIn.hung();
      const first = startBotProcess(script, config);
      await Promise.race([
        hung,
        first.done.then((r) => {
          throw new Error(`the bot exited before the stand-in hung: ${r.stderr}`);
        }),
      ]);
      await sleep(50); // let the other workers' requests arrive and hang too
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');

      const midway = await deliveryStates();
      expect(midway.posted).toBe(25);
      expect(midway.claimed).toBeGreaterThan(0); // the crash left claims nobody finished

      standIn.hangAfter = undefined;
      await sleep(config.staleAfterMs + 100); // the killed runner's heartbeat goes stale
      const second = await startBotProcess(script, config).done;
      expect(second.stderr).toBe('');
      const report = second.report as { settled: string[]; fanOut: { posted: number } };
      expect(report.settled.length).toBe(midway.claimed);
      expect(new Set(report.settled)).toEqual(new Set([settledAs]));

      for (const channel of channels) expect(standIn.postsTo(channel), channel).toHaveLength(1);
      expect(standIn.posts).toHaveLength(60);
      expect(await deliveryStates()).toEqual({ posted: 60 });
    },
  );
});

describe('two bot processes on one database file', () => {
  test('ticking at the same moment, they share the fan-out and each channel gets the announcement once', async () => {
    const channels = await subscribe(200);
    standIn.latencyMs = 3;
    const bots = [0, 1].map(() => startBotProcess(script, { ...config, waitForGo: true }));
    await Promise.race([
      Promise.all(bots.map((b) => b.ready)),
      Promise.race(bots.map((b) => b.done)).then((r) => {
        throw new Error(`a bot exited before it was ready: ${r.stderr}`);
      }),
    ]);
    for (const b of bots) b.child.stdin.write('go\n');
    const results = await Promise.all(bots.map((b) => b.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const posted = results.map((r) => (r.report as { fanOut: { posted: number } }).fanOut.posted);
    expect(posted[0]).toBeGreaterThan(0);
    expect(posted[1]).toBeGreaterThan(0);
    expect((posted[0] ?? 0) + (posted[1] ?? 0)).toBe(200);
    for (const channel of channels) expect(standIn.postsTo(channel), channel).toHaveLength(1);
    expect(await deliveryStates()).toEqual({ posted: 200 });
  });
});
