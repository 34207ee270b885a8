// Opening the announcement tables in a shared PostgreSQL database (DATABASE_URL): a pool with timeouts,
// then the versioned migrations, run once under an advisory lock whichever host starts first. A database
// that cannot be reached, or whose schema is newer than this build, is a clear start-up error naming
// DATABASE_URL without its password (src/storage). `pg` is loaded here only, when this is called.
import { hasCode } from '../../../core/index.js';
import { migrate, openPostgres, PostgresOpenError, type PostgresOptions } from '../../../storage/index.js';
import { MIGRATION_SCOPE, migrations } from './migrations.js';
import { PostgresAnnouncementStore } from './store.js';

export type PostgresStoreOptions = PostgresOptions;

/** Open (and migrate) the announcement store at `url`. Throws a `database_unusable` error naming DATABASE_URL. */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresAnnouncementStore> {
  const pool = await openPostgres(url, { applicationName: 'optout-bot announce', ...options });
  try {
    await migrate(pool, MIGRATION_SCOPE, migrations);
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    // A newer schema is already a coded, worded refusal; anything else (permissions, a timeout) is named.
    if (hasCode(err) && err.code === 'database_unusable')
      throw new PostgresOpenError(url, reason, { cause: err });
    throw new PostgresOpenError(url, `its announcement tables cannot be migrated (${reason})`, {
      cause: err,
    });
  }
  return new PostgresAnnouncementStore(pool);
}
