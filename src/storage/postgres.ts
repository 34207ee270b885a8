// One way to reach PostgreSQL for every store that shares state between hosts (announcements, shared
// state, installations, identify throttles). `pg` is loaded only when a Postgres URL is configured, so the
// embedded SQLite default and `npm run ask` never pay for it. Every connection has connect and statement
// timeouts: a stalled database fails a call with a clear error instead of hanging a handler.
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { CodedError } from '../core/index.js';

export type { Pool, PoolClient };

/** Whether a store location names PostgreSQL (rather than, say, a SQLite file). */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/** The password in a postgres:// URL, for the redaction patterns of whatever may log one. */
export const POSTGRES_URL_PASSWORD = /(?<=postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]+(?=@)/g;

export class PostgresOpenError extends CodedError {
  constructor(
    url: string,
    /** What is wrong, without the URL: for callers that name their own variable. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      'database_unusable',
      `Cannot use the database DATABASE_URL=${redactUrl(url)}: ${reason}. Nothing in it was changed.`,
      options,
    );
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

export interface PostgresOptions {
  /** Shown in pg_stat_activity: which part of the bot holds a connection. */
  applicationName?: string;
  /** Connections this process keeps at most (default 5: a bot host needs few). */
  max?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** A pool on `url`, checked with one round trip; a wrong URL or a database that is down is a PostgresOpenError. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Pool> {
  if (!isPostgresUrl(url)) {
    throw new PostgresOpenError(url, 'it must start with postgres:// or postgresql://');
  }
  const { default: pg } = await import('pg');
  const config: PoolConfig = {
    connectionString: url,
    application_name: options.applicationName ?? 'optout-bot',
    max: options.max ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  };
  const pool = new pg.Pool(config);
  // An idle client losing its connection (a database restart) must not crash the process; the next
  // query gets a fresh connection or a clear error.
  pool.on('error', () => {});
  // pg emits a lost connection on a client that is checked out (mid-transaction, holding a lock) on the
  // client itself, where no listener means an uncaught exception that ends the process. The query in
  // flight still rejects with the error, so the caller hears of it; the event adds nothing.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new PostgresOpenError(url, `it cannot be reached (${reason})`, { cause: err });
  }
  return pool;
}

/** Run `use` in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function transaction<T>(pool: Pool, use: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await use(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** The database's clock: every host compares heartbeats and expiries against the same time. */
export async function databaseNow(pool: Pool | PoolClient): Promise<Date> {
  const result = await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  const row = result.rows[0];
  if (!row) throw new CodedError('database_unusable', 'The database did not say what time it is');
  return row.now;
}
