// One bot host for the multi-host fan-out benchmark (bench/announce-hosts.ts starts 1, 2 or 4 of them): the
// real scheduler, runner and posters on a shared store (PostgreSQL, or an SQLite file for the baseline),
// against the parent's rate-limited stand-ins. It says `ready`, waits for `go`, ticks once and prints
// {"report", "elapsedMs", "queries"}: queries are every statement this host sent to Postgres during the tick
// (BEGIN and COMMIT included), counted by wrapping the driver's Client#query.
import { createInterface } from 'node:readline';
import pg from 'pg';
import {
  AnnouncementScheduler,
  composeWithBot,
  DeliveryRunner,
  loadSchedules,
  openPostgresStore,
  openSqliteStore,
} from '../src/announce/index.js';
import { createBot, loadKnowledge } from '../src/core/index.js';
import { benchDiscordPoster, slackPosters } from './announce-fanout.js';

export interface HostConfig {
  store: { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };
  slackApiUrl: string;
  discordApiUrl: string;
  slackWorkspaces: string[];
  discordPerSecond: number;
  concurrency: number;
  /** The shared clock: start + (Date.now() - t0) in every host. */
  start: number;
  t0: number;
}

let queries = 0;
const query = pg.Client.prototype.query;
// Counting only: every call is passed on unchanged.
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  queries++;
  return Reflect.apply(query, this, args);
} as typeof query;

async function main(config: HostConfig): Promise<void> {
  const store =
    config.store.kind === 'postgres'
      ? await openPostgresStore(config.store.url) // the app's own pool size (5)
      : openSqliteStore(config.store.file);
  const clock = { now: () => new Date(config.start + (Date.now() - config.t0)) };
  const knowledge = loadKnowledge();
  const discord = benchDiscordPoster(config.discordApiUrl, config.discordPerSecond);
  const runner = new DeliveryRunner({
    store,
    posters: { slack: slackPosters(config.slackApiUrl, config.slackWorkspaces), discord },
    compose: composeWithBot((c) => createBot({ knowledge, clock: c })),
    clock,
    concurrency: config.concurrency,
  });
  const scheduler = new AnnouncementScheduler({
    store,
    runner,
    schedules: loadSchedules(),
    dates: createBot({ knowledge }).dates(),
    clock,
  });
  await runner.heartbeat(true); // counted among the live hosts when the workspaces are shared out
  process.stdout.write('ready\n');
  const rl = createInterface({ input: process.stdin });
  await new Promise((resolve) => rl.once('line', resolve));
  rl.close();
  queries = 0;
  const began = performance.now();
  const report = await scheduler.tick();
  const elapsedMs = performance.now() - began;
  process.stdout.write(`${JSON.stringify({ report, elapsedMs, queries })}\n`);
  discord.destroy();
  await store.close();
}

main(JSON.parse(process.argv[2] ?? '{}') as HostConfig).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
