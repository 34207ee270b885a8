// A bot process for the multi-process tests: opens the shared database (an SQLite file, or PostgreSQL when
// `databaseUrl` is set), ticks the scheduler against the loopback stand-in (once, or until nothing is left
// to do), prints the tick report as JSON. Run as plain JavaScript after transpiling.
import { createInterface } from 'node:readline';
import {
  AnnouncementScheduler,
  DeliveryRunner,
  loadSchedules,
  openPostgresStore,
  openSqliteStore,
  type TickReport,
} from '../../src/announce/index.js';
import { createLogger } from '../../src/core/log.js';
import { composeStub } from './announce-helpers.js';
import { loopbackPoster } from './announce-loopback.js';

export interface BotProcessConfig {
  db: string;
  /** A PostgreSQL database shared by the processes, instead of the SQLite file `db`. */
  databaseUrl?: string;
  /** Workspace lease length and heartbeat interval (runner options), for a store with leases. */
  leaseMs?: number;
  heartbeatEveryMs?: number;
  /**
   * Tick every `everyMs` until a tick finds nothing due and nothing to settle (at most `maxTicks`), as a
   * long-running host would: then it takes over what a dead host left. Without it: one tick.
   */
  untilIdle?: { everyMs: number; maxTicks: number };
  url: string;
  schedulesFile: string;
  /** The test's clock: this process's now is start + (Date.now() - t0), so every process agrees. */
  start: string;
  t0: number;
  staleAfterMs: number;
  concurrency: number;
  waitForGo: boolean;
}

async function main(config: BotProcessConfig): Promise<void> {
  const start = new Date(config.start).getTime();
  const clock = { now: () => new Date(start + (Date.now() - config.t0)) };
  const store = config.databaseUrl ? await openPostgresStore(config.databaseUrl) : openSqliteStore(config.db);
  const poster = loopbackPoster(config.url);
  const logger = createLogger('warn');
  const runner = new DeliveryRunner({
    store,
    posters: { slack: poster, discord: poster },
    compose: composeStub,
    clock,
    logger,
    concurrency: config.concurrency,
    ...(config.leaseMs === undefined ? {} : { leaseMs: config.leaseMs }),
    ...(config.heartbeatEveryMs === undefined ? {} : { heartbeatEveryMs: config.heartbeatEveryMs }),
  });
  const scheduler = new AnnouncementScheduler({
    store,
    runner,
    schedules: loadSchedules(config.schedulesFile),
    dates: { start: new Date('2025-11-03T00:00:00Z') },
    clock,
    logger,
    staleAfterMs: config.staleAfterMs,
  });
  // Heard from before the fan-out starts, so hosts ticking together count each other when sharing out.
  await runner.heartbeat(true);
  if (config.waitForGo) {
    process.stdout.write('ready\n');
    const rl = createInterface({ input: process.stdin });
    await new Promise((resolve) => rl.once('line', resolve));
    rl.close();
  }
  const report = config.untilIdle ? await tickUntilIdle(scheduler, config.untilIdle) : await scheduler.tick();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await store.close();
}

/** The ticks' reports added up: every fan-out outcome summed, every settle outcome listed. */
async function tickUntilIdle(
  scheduler: AnnouncementScheduler,
  { everyMs, maxTicks }: { everyMs: number; maxTicks: number },
): Promise<TickReport & { ticks: number }> {
  const total: TickReport & { ticks: number } = { due: 0, fanOut: undefined, settled: [], ticks: 0 };
  for (let i = 0; i < maxTicks; i++) {
    const report = await scheduler.tick();
    total.ticks++;
    if (!report) throw new Error('a tick failed');
    total.settled.push(...report.settled);
    if (report.fanOut) {
      const sum: Record<string, number> = { ...total.fanOut };
      for (const [k, v] of Object.entries(report.fanOut)) sum[k] = (sum[k] ?? 0) + (v ?? 0);
      total.fanOut = { posted: 0, skipped: 0, failed: 0, paused: 0, unknown: 0, ...sum };
    }
    if (report.due === 0 && report.settled.length === 0) return total;
    total.due += report.due;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return total;
}

main(JSON.parse(process.argv[2] ?? '{}') as BotProcessConfig).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
