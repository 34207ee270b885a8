// A bot process for the multi-process tests: opens the shared database, ticks the scheduler once against
// the loopback stand-in, prints the tick report as JSON. Run as plain JavaScript after transpiling.
import { createInterface } from 'node:readline';
import {
  AnnouncementScheduler,
  DeliveryRunner,
  loadSchedules,
  openSqliteStore,
} from '../../src/announce/index.js';
import { createLogger } from '../../src/core/log.js';
import { composeStub } from './announce-helpers.js';
import { loopbackPoster } from './announce-loopback.js';

export interface BotProcessConfig {
  db: string;
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
  const store = openSqliteStore(config.db);
  const poster = loopbackPoster(config.url);
  const logger = createLogger('warn');
  const runner = new DeliveryRunner({
    store,
    posters: { slack: poster, discord: poster },
    compose: composeStub,
    clock,
    logger,
    concurrency: config.concurrency,
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
  if (config.waitForGo) {
    process.stdout.write('ready\n');
    const rl = createInterface({ input: process.stdin });
    await new Promise((resolve) => rl.once('line', resolve));
    rl.close();
  }
  const report = await scheduler.tick();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await store.close();
}

main(JSON.parse(process.argv[2] ?? '{}') as BotProcessConfig).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
