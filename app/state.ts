// What the bot's processes share (cooldowns, Slack's seen events), chosen in one place for `npm start` and
// the Discord shard workers alike.
import { type Clock, type Logger, SharedState } from '../src/core/index.js';
import { openPostgresState } from '../src/storage/index.js';
import type { Settings } from './config.js';

/**
 * PostgreSQL when DATABASE_URL is set (the schema migrated once, whichever host is first), else this
 * process's memory. A database that cannot be reached at start stops start-up with an error naming
 * DATABASE_URL; one that fails later never stops answers (SharedState falls back to memory and each
 * adapter logs the outage once). The caller closes it.
 */
export async function openAppState(
  config: Pick<Settings, 'databaseUrl' | 'stateSecret'>,
  clock: Clock,
  logger: Logger,
): Promise<SharedState> {
  if (!config.databaseUrl) {
    logger.info('shared state', { store: 'memory' });
    return new SharedState({ secret: config.stateSecret, clock });
  }
  const store = await openPostgresState(config.databaseUrl);
  logger.info('shared state', { store: 'postgres' });
  return new SharedState({ store, secret: config.stateSecret, clock });
}
