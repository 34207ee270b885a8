// Versioned schema migrations for the Postgres stores. Each store names its scope (`announce`, `state`,
// ...) and an ordered list; they run once, whichever host starts first: the first host takes an advisory
// lock, the others wait on it and then find nothing left to do.
import { CodedError } from '../core/index.js';
import { type Pool, transaction } from './postgres.js';

export interface PostgresMigration {
  /** 1, 2, 3, ... in order; a version once shipped never changes. */
  version: number;
  name: string;
  sql: string;
}

/** Applies what is missing; returns the versions applied now. A database newer than this code is refused. */
export async function migrate(
  pool: Pool,
  scope: string,
  migrations: readonly PostgresMigration[],
): Promise<number[]> {
  return transaction(pool, async (client) => {
    // One lock for every scope (two scopes migrating a fresh database at once would otherwise race on
    // creating schema_migrations). Transaction-scoped: released by COMMIT or ROLLBACK, even if this
    // process dies mid-way.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('optout-bot:migrate'))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      scope text NOT NULL, version integer NOT NULL, name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
    const done = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations WHERE scope = $1',
      [scope],
    );
    const have = new Set(done.rows.map((r) => r.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...have);
    if (newest > known) {
      throw new CodedError(
        'database_unusable',
        `The database's ${scope} schema is version ${newest}, newer than this bot knows (${known}): upgrade the bot`,
      );
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (have.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (scope, version, name) VALUES ($1, $2, $3)', [
        scope,
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
