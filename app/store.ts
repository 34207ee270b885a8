// The one place the app decides where announcements are kept: DATABASE_URL set means the PostgreSQL
// database every host shares (its driver is loaded only then); otherwise the SQLite file at DATABASE_PATH,
// as a one-host bot always had. `npm start`, the Discord shard workers and `npm run announce` all open it
// here, so they cannot disagree about which database is the bot's.
import { type AnnouncementStore, openPostgresStore, openSqliteStore } from '../src/announce/index.js';
import { redactUrl } from '../src/storage/index.js';
import type { Settings } from './config.js';

export type StoreSettings = Pick<Settings, 'databasePath' | 'databaseUrl'>;

export interface OpenedStore {
  store: AnnouncementStore;
  kind: 'postgres' | 'sqlite';
  /** For logs and messages: the file, or the URL without its password. */
  where: string;
}

/** Where the store is, without opening it (for log lines and `npm run announce -- list`). */
export function describeStore(settings: StoreSettings): Omit<OpenedStore, 'store'> {
  return settings.databaseUrl === undefined
    ? { kind: 'sqlite', where: settings.databasePath }
    : { kind: 'postgres', where: redactUrl(settings.databaseUrl) };
}

/**
 * Open (creating or migrating as needed) the configured store. A database that cannot be used is a
 * `database_unusable` error naming DATABASE_URL or DATABASE_PATH.
 */
export async function openAnnouncementStore(settings: StoreSettings): Promise<OpenedStore> {
  const described = describeStore(settings);
  const store =
    settings.databaseUrl === undefined
      ? openSqliteStore(settings.databasePath)
      : await openPostgresStore(settings.databaseUrl);
  return { store, ...described };
}
