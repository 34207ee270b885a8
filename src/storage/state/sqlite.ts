// The shared-state store for the processes of one host: one SQLite file they all open (WAL, a busy
// timeout), with expiry by the host's clock, which they share. Each call is one statement, which SQLite
// runs atomically however many connections write; expired rows are ignored by every statement and swept
// as writes go on, so the file stays bounded by traffic times the longest TTL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { type Clock, CodedError, checkStateArgs, type StateStore, systemClock } from '../../core/index.js';

/** The version this code writes; a newer file is refused rather than misread. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS shared_state (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS shared_state_expiry ON shared_state (expires_at);
`;

/** Sweep expired rows every this many writes, a bounded batch at a time. */
const SWEEP_EVERY = 500;
const SWEEP_BATCH = 5_000;

export interface SqliteStateOptions {
  /** The host's clock (tests: a manual one); every process on the host must use the same. */
  clock?: Clock;
  /** How long a statement waits for another process's write lock before it fails (default 1 s). */
  busyTimeoutMs?: number;
}

const countRow = z.object({ count: z.number().int() });
const keyRow = z.object({ key: z.string() });

export class SqliteStateStore implements StateStore {
  readonly kind = 'sqlite';
  readonly shared = true;
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #firstSeen: Database.Statement;
  readonly #hit: Database.Statement;
  readonly #sweep: Database.Statement;
  #writes = 0;

  constructor(db: Database.Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    // A live row keeps its values (no row comes back: seen); an expired one is taken over as new.
    this.#firstSeen = db.prepare(`
      INSERT INTO shared_state (key, count, expires_at) VALUES (@key, 1, @expires)
      ON CONFLICT (key) DO UPDATE SET count = 1, expires_at = excluded.expires_at
        WHERE shared_state.expires_at <= @now
      RETURNING key`);
    this.#hit = db.prepare(`
      INSERT INTO shared_state (key, count, expires_at) VALUES (@key, 1, @expires)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN shared_state.expires_at <= @now THEN 1 ELSE shared_state.count + 1 END,
        expires_at = CASE WHEN shared_state.expires_at <= @now
          THEN excluded.expires_at ELSE shared_state.expires_at END
      RETURNING count`);
    this.#sweep = db.prepare(`
      DELETE FROM shared_state WHERE key IN
        (SELECT key FROM shared_state WHERE expires_at <= @now LIMIT ${SWEEP_BATCH})`);
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    checkStateArgs(key, ttlMs);
    const now = this.#clock.now().getTime();
    const row: unknown = this.#firstSeen.get({ key, now, expires: now + ttlMs });
    this.#wrote();
    return keyRow.safeParse(row).success;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    checkStateArgs(key, windowMs);
    const now = this.#clock.now().getTime();
    const row = countRow.parse(this.#hit.get({ key, now, expires: now + windowMs }));
    this.#wrote();
    return row.count;
  }

  /** Deletes up to one batch of expired rows; returns how many. */
  async sweep(): Promise<number> {
    return this.#sweep.run({ now: this.#clock.now().getTime() }).changes;
  }

  /** Rows in the table, expired ones not yet swept included (for tests and checks). */
  async size(): Promise<number> {
    return countRow.parse(this.#db.prepare('SELECT count(*) AS count FROM shared_state').get()).count;
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #wrote(): void {
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep.run({ now: this.#clock.now().getTime() });
  }
}

/** Opens (creating if needed) the state file at `file`; a file this code cannot use is a coded error. */
export async function openSqliteState(
  file: string,
  opts: SqliteStateOptions = {},
): Promise<SqliteStateStore> {
  // Loaded here, so importing the storage layer costs nothing when no SQLite state is used.
  const { default: Sqlite } = await import('better-sqlite3');
  let db: Database.Database | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    db = new Sqlite(file, { timeout: opts.busyTimeoutMs ?? 1_000 });
    db.pragma('journal_mode = WAL');
    const version = z.number().parse(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new CodedError(
        'database_unusable',
        `The shared state file ${file} is schema version ${version}, newer than this bot knows (${SCHEMA_VERSION})`,
      );
    }
    db.exec(SCHEMA);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return new SqliteStateStore(db, opts.clock ?? systemClock);
  } catch (err) {
    db?.close();
    if (err instanceof CodedError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new CodedError('database_unusable', `Cannot use the shared state file ${file}: ${reason}`, {
      cause: err,
    });
  }
}
