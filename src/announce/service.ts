// Everything the bot process needs to run announcements, from config: open (and migrate) the database,
// load and check the schedules, and tick the scheduler. The adapters bring the Posters; the core brings
// the dates and the text. A bad database or schedule file stops start-up with an error naming the file.
import { type Clock, type Logger, silentLogger, systemClock } from '../core/index.js';
import { DeliveryRunner, type RetryPolicy } from './runner.js';
import { checkScheduleDates, loadSchedules, type Schedules, schedulesPath } from './schedule.js';
import { AnnouncementScheduler } from './scheduler.js';
import type { AnnouncementStore } from './store.js';
import { openSqliteStore } from './stores/sqlite/open.js';
import type { Compose, Platform, Poster } from './types.js';

export interface AnnouncementServiceOptions {
  /** Config.databasePath (DATABASE_PATH): the SQLite file opened when no `store` is given. */
  databasePath?: string;
  /**
   * A store the caller opened (the app's openAnnouncementStore: Postgres when DATABASE_URL is set). The
   * service owns it from here: stop() closes it, and so does a failed start.
   */
  store?: AnnouncementStore;
  /** Config.knowledgeDir; schedules.yaml is read from it (default ./knowledge). */
  knowledgeDir?: string | undefined;
  /** The policy dates: Bot.dates(). */
  dates: Record<string, Date>;
  /** Usually composeWithBot((clock) => createBot({ knowledge, clock })). */
  compose: Compose;
  posters: Partial<Record<Platform, Poster>>;
  clock?: Clock;
  logger?: Logger;
  /** How often the scheduler looks for due announcements. */
  intervalMs?: number;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

export interface AnnouncementService {
  store: AnnouncementStore;
  schedules: Schedules;
  scheduler: AnnouncementScheduler;
  runner: DeliveryRunner;
  start(): void;
  /** Stop ticking, let a fan-out in progress finish, close the database. */
  stop(): Promise<void>;
}

export function createAnnouncementService(o: AnnouncementServiceOptions): AnnouncementService {
  let schedules: Schedules;
  try {
    const file = schedulesPath(o.knowledgeDir);
    schedules = loadSchedules(file);
    checkScheduleDates(schedules, o.dates, file);
  } catch (err) {
    void o.store?.close().catch(() => {});
    throw err;
  }
  if (!o.store && o.databasePath === undefined)
    throw new TypeError('createAnnouncementService needs a store or a databasePath');
  const store = o.store ?? openSqliteStore(o.databasePath ?? '');
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const runner = new DeliveryRunner({
    store,
    posters: o.posters,
    compose: o.compose,
    clock,
    logger,
    ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
    ...(o.retry === undefined ? {} : { retry: o.retry }),
  });
  const scheduler = new AnnouncementScheduler({ store, runner, schedules, dates: o.dates, clock, logger });
  return {
    store,
    schedules,
    scheduler,
    runner,
    start: () => scheduler.start(o.intervalMs ?? 30_000),
    stop: async () => {
      await scheduler.stop();
      await store.close();
    },
  };
}
