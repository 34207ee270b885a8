// The shared-state store for several hosts: one table in PostgreSQL. Each call is one statement (an
// upsert), atomic across every host and connection, and expiry is decided by the database's own clock
// (statement_timestamp()), so hosts whose clocks disagree still agree on what has expired. Expired rows
// are ignored by every statement and swept as writes go on, a bounded batch at a time.
import { z } from 'zod';
import { checkStateArgs, type StateStore } from '../../core/index.js';
import { migrate, type PostgresMigration } from '../migrate.js';
import { openPostgres, type Pool } from '../postgres.js';

export const STATE_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'shared state: keyed hashes with an expiry',
    sql: `CREATE TABLE shared_state (
            key text PRIMARY KEY,
            count integer NOT NULL,
            expires_at timestamptz NOT NULL
          );
          CREATE INDEX shared_state_expiry ON shared_state (expires_at);`,
  },
];

/** Sweep expired rows every this many writes, a bounded batch at a time. */
const SWEEP_EVERY = 500;
const SWEEP_BATCH = 5_000;

export interface PostgresStateOptions {
  /** A state call sits in front of an answer: short timeouts (defaults 2 s to connect, 1 s a statement). */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Connections this process keeps for the state (default 4). */
  max?: number;
}

const countRow = z.object({ count: z.number().int() });
const rows = z.array(z.unknown());

export class PostgresStateStore implements StateStore {
  readonly kind = 'postgres';
  readonly shared = true;
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  #writes = 0;
  #sweeping: Promise<unknown> | undefined;

  /** Over a migrated pool (see openPostgresState); `ownsPool`: close() ends it. */
  constructor(pool: Pool, opts: { ownsPool: boolean }) {
    this.#pool = pool;
    this.#ownsPool = opts.ownsPool;
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    checkStateArgs(key, ttlMs);
    // A live row is left alone and no row comes back (seen); an expired one is taken over as new. A racing
    // insert of the same key waits for the first to commit and then finds it live.
    const result = await this.#pool.query(
      `INSERT INTO shared_state (key, count, expires_at)
         VALUES ($1, 1, statement_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET count = 1, expires_at = EXCLUDED.expires_at
         WHERE shared_state.expires_at <= statement_timestamp()
       RETURNING key`,
      [key, ttlMs],
    );
    this.#wrote();
    return rows.parse(result.rows).length === 1;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    checkStateArgs(key, windowMs);
    // statement_timestamp() is one instant for the whole statement: both CASEs agree on "expired".
    const result = await this.#pool.query(
      `INSERT INTO shared_state (key, count, expires_at)
         VALUES ($1, 1, statement_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN shared_state.expires_at <= statement_timestamp()
           THEN 1 ELSE shared_state.count + 1 END,
         expires_at = CASE WHEN shared_state.expires_at <= statement_timestamp()
           THEN EXCLUDED.expires_at ELSE shared_state.expires_at END
       RETURNING count`,
      [key, windowMs],
    );
    this.#wrote();
    const [row] = rows.parse(result.rows);
    return countRow.parse(row).count;
  }

  /** Deletes up to one batch of rows expired by the database's clock; returns how many. */
  async sweep(): Promise<number> {
    const result = await this.#pool.query(
      `DELETE FROM shared_state WHERE key IN
         (SELECT key FROM shared_state WHERE expires_at <= statement_timestamp() LIMIT ${SWEEP_BATCH})`,
    );
    return result.rowCount ?? 0;
  }

  /** Rows in the table, expired ones not yet swept included (for tests and checks). */
  async size(): Promise<number> {
    const result = await this.#pool.query('SELECT count(*)::int AS count FROM shared_state');
    return countRow.parse(rows.parse(result.rows)[0]).count;
  }

  async close(): Promise<void> {
    await this.#sweeping;
    if (this.#ownsPool) await this.#pool.end();
  }

  #wrote(): void {
    if (++this.#writes % SWEEP_EVERY !== 0 || this.#sweeping) return;
    // In the background: the caller's answer does not wait for housekeeping, and a failed sweep is
    // retried by the next one (its statement timeout bounds it).
    this.#sweeping = this.sweep()
      .catch(() => {})
      .finally(() => {
        this.#sweeping = undefined;
      });
  }
}

/** A pool on `url` with the state's timeouts, the state schema migrated (once, whichever host is first). */
export async function openPostgresState(
  url: string,
  opts: PostgresStateOptions = {},
): Promise<PostgresStateStore> {
  const pool = await openPostgres(url, {
    applicationName: 'optout-bot state',
    max: opts.max ?? 4,
    connectTimeoutMs: opts.connectTimeoutMs ?? 2_000,
    statementTimeoutMs: opts.statementTimeoutMs ?? 1_000,
  });
  try {
    await migrate(pool, 'state', STATE_MIGRATIONS);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new PostgresStateStore(pool, { ownsPool: true });
}
