// Opening the announcement database. Everything that can be checked without writing is checked first, so a
// corrupt, foreign, newer or unwritable file is a clear start-up error naming the path, and is left as it
// was: the bot never "repairs" a database by overwriting it.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { migrations } from './migrations.js';
import { SqliteAnnouncementStore } from './sqlite-store.js';

export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot use the announcement database at ${path}: ${reason}. Nothing in it was changed.`);
    this.name = 'DatabaseOpenError';
  }
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

const userVersion = (db: Database.Database) => z.number().parse(db.pragma('user_version', { simple: true }));

/** The path is a writable file (or can become one) in a writable folder. */
function checkPath(file: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new DatabaseOpenError(file, `its folder cannot be created (${errorMessage(err)})`);
  }
  let exists = true;
  try {
    if (statSync(file).isDirectory()) throw new DatabaseOpenError(file, 'it is a folder, not a file');
  } catch (err) {
    if (err instanceof DatabaseOpenError) throw err;
    exists = false;
  }
  try {
    // WAL creates the -wal and -shm files beside the database, so the folder must be writable too.
    accessSync(path.dirname(file), constants.W_OK);
    if (exists) accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new DatabaseOpenError(file, 'it (or its folder) is not writable by this process');
  }
}

/** Read-only checks: a damaged, foreign or newer database fails here, before anything is written. */
function checkContents(db: Database.Database, file: string): void {
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok')
    throw new DatabaseOpenError(file, `it failed SQLite's integrity check (${String(check)})`);
  const version = userVersion(db);
  if (version > migrations.length) {
    throw new DatabaseOpenError(
      file,
      `it has schema version ${version}, newer than this build knows (${migrations.length})`,
    );
  }
  const tables = z
    .object({ n: z.number() })
    .parse(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get());
  if (version === 0 && tables.n > 0) {
    throw new DatabaseOpenError(
      file,
      'it is an SQLite database of something else (it has tables but no bot schema)',
    );
  }
}

function migrate(db: Database.Database): void {
  // IMMEDIATE: two processes starting together migrate one after the other, and the second sees it done.
  const step = db.transaction((index: number, sql: string) => {
    if (userVersion(db) !== index) return;
    db.exec(sql);
    db.pragma(`user_version = ${index + 1}`);
  });
  migrations.forEach((sql, index) => {
    step.immediate(index, sql);
  });
}

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction before failing (ms). */
  busyTimeoutMs?: number;
}

/** Open (creating and migrating) the database at `file`. Throws DatabaseOpenError naming the path. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteAnnouncementStore {
  const resolved = path.resolve(file);
  checkPath(resolved);
  let db: Database.Database;
  try {
    db = new Database(resolved, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (err) {
    throw new DatabaseOpenError(resolved, `it cannot be opened (${errorMessage(err)})`);
  }
  try {
    checkContents(db, resolved);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new DatabaseOpenError(resolved, `it cannot use write-ahead logging (mode ${String(mode)})`);
    // NORMAL is durable across process crashes in WAL mode (only a power loss can drop the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof DatabaseOpenError) throw err;
    const reason = errorMessage(err);
    throw new DatabaseOpenError(
      resolved,
      /not a database|malformed|corrupt/i.test(reason)
        ? `it is not a valid SQLite database (${reason}); move it aside or point DATABASE_PATH elsewhere`
        : `it cannot be opened for writing (${reason})`,
    );
  }
  return new SqliteAnnouncementStore(db);
}
