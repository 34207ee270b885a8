// Installations in PostgreSQL (through src/storage; `pg` is loaded only when this file's open is
// called), for bot hosts on several machines. The refresh lock is a transaction-scoped advisory lock per
// installation: waiters block in the database, not in this process, and a host that dies mid-refresh
// releases it with its connection.
import { z } from 'zod';
import {
  migrate,
  openPostgres,
  type Pool,
  type PostgresMigration,
  transaction,
} from '../../../src/storage/index.js';
import { type InstallationBackend, KeyedMutex } from './backend.js';
import {
  type InstallationKey,
  type InstallationRecord,
  installationKey,
  storedInstallation,
} from './record.js';

export const MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'installations',
    sql: `
      CREATE TABLE slack_installations (
        key text PRIMARY KEY, installation jsonb NOT NULL, installer_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE slack_org_teams (team_id text PRIMARY KEY, enterprise_key text NOT NULL);
      CREATE INDEX slack_org_teams_enterprise ON slack_org_teams (enterprise_key);`,
  },
];

const recordRow = z.object({ key: installationKey, installation: z.unknown(), installer_hash: z.string() });

export async function openPostgresInstallations(url: string): Promise<PostgresInstallationBackend> {
  const pool = await openPostgres(url, { applicationName: 'optout-bot slack-installations' });
  try {
    await migrate(pool, 'slack_installations', MIGRATIONS);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new PostgresInstallationBackend(pool);
}

export class PostgresInstallationBackend implements InstallationBackend {
  readonly #pool: Pool;
  readonly #mutex = new KeyedMutex();

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async save(record: InstallationRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO slack_installations (key, installation, installer_hash) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET installation = excluded.installation,
         installer_hash = excluded.installer_hash, updated_at = now()`,
      [record.key, JSON.stringify(record.installation), record.installerHash],
    );
  }

  async find(key: InstallationKey): Promise<InstallationRecord | undefined> {
    const result = await this.#pool.query(
      'SELECT key, installation, installer_hash FROM slack_installations WHERE key = $1',
      [key],
    );
    const row = recordRow.optional().parse(result.rows[0]);
    if (!row) return undefined;
    return {
      key: row.key,
      installation: storedInstallation.parse(row.installation),
      installerHash: row.installer_hash,
    };
  }

  async remove(key: InstallationKey): Promise<boolean> {
    return transaction(this.#pool, async (client) => {
      await client.query('DELETE FROM slack_org_teams WHERE enterprise_key = $1', [key]);
      const removed = await client.query('DELETE FROM slack_installations WHERE key = $1', [key]);
      return (removed.rowCount ?? 0) > 0;
    });
  }

  async rememberTeam(teamId: string, enterprise: InstallationKey): Promise<void> {
    await this.#pool.query(
      `INSERT INTO slack_org_teams (team_id, enterprise_key) VALUES ($1, $2)
       ON CONFLICT (team_id) DO UPDATE SET enterprise_key = excluded.enterprise_key`,
      [teamId, enterprise],
    );
  }

  async enterpriseOf(teamId: string): Promise<InstallationKey | undefined> {
    const result = await this.#pool.query('SELECT enterprise_key FROM slack_org_teams WHERE team_id = $1', [
      teamId,
    ]);
    return z.object({ enterprise_key: installationKey }).optional().parse(result.rows[0])?.enterprise_key;
  }

  async teamsOf(enterprise: InstallationKey): Promise<string[]> {
    const result = await this.#pool.query(
      'SELECT team_id FROM slack_org_teams WHERE enterprise_key = $1 ORDER BY team_id',
      [enterprise],
    );
    return z
      .object({ team_id: z.string() })
      .array()
      .parse(result.rows)
      .map((r) => r.team_id);
  }

  withLock<T>(key: InstallationKey, use: () => Promise<T>): Promise<T> {
    // The lock's transaction holds a pooled connection while `use` runs its queries on others. Refreshes
    // are rare (a token lives 12 hours), so this process takes one lock at a time: several held at once
    // could take every connection in the pool and leave their own queries waiting. The advisory lock
    // excludes the other hosts.
    return this.#mutex.run('refresh', () =>
      transaction(this.#pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`optout-bot:slack-refresh:${key}`]);
        return use();
      }),
    );
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
