// Opening the announcement database. The file is first inspected over a read-only connection: a corrupt,
// foreign, newer or unwritable file is a clear start-up error naming DATABASE_PATH, and its bytes are left
// exactly as they were (switching to WAL or stamping the application id are writes, so they come after).

import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { CodedError } from '../../../core/index.js';
import { migrations } from './migrations.js';
import { SqliteAnnouncementStore } from './store.js';

export class DatabaseOpenError extends CodedError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      'database_unusable',
      `Cannot use the announcement database DATABASE_PATH=${path}: ${reason}. Nothing in it was changed.`,
    );
  }
}

/** Stamped in the header of every database this bot creates ("OOBT"): how a foreign file is told apart. */
export const APPLICATION_ID = 0x4f4f4254;

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
const int = (db: Database.Database, pragma: string) => z.number().parse(db.pragma(pragma, { simple: true }));

/** The path is a writable file (or can become one) in a writable folder. Returns whether it has content. */
function checkPath(file: string): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new DatabaseOpenError(file, `its folder cannot be created (${errorMessage(err)})`);
  }
  let size = -1;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new DatabaseOpenError(file, 'it is a folder, not a file');
    size = stat.size;
  } catch (err) {
    if (err instanceof DatabaseOpenError) throw err;
  }
  try {
    // WAL creates the -wal and -shm files beside the database, so the folder must be writable too.
    accessSync(path.dirname(file), constants.W_OK);
    if (size >= 0) accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new DatabaseOpenError(file, 'it (or its folder) is not writable by this process');
  }
  return size > 0;
}

const schemaRow = z.object({ type: z.string(), name: z.string(), sql: z.string().nullable() });
const schemaOf = (db: Database.Database) =>
  JSON.stringify(
    schemaRow
      .array()
      .parse(db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all())
      .sort((a, b) => a.name.localeCompare(b.name)),
  );

/** The exact schema this build creates at `version`, built in memory to compare a file against. */
function expectedSchema(version: number): string {
  const mem = new Database(':memory:');
  try {
    for (const sql of migrations.slice(0, version)) mem.exec(sql);
    return schemaOf(mem);
  } finally {
    mem.close();
  }
}

/** Why the open database is not one of ours (or undefined when it is). Only reads. */
function refusal(db: Database.Database): string | undefined {
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') return `it failed SQLite's integrity check (${String(check)})`;
  const appId = int(db, 'application_id');
  if (appId !== 0 && appId !== APPLICATION_ID)
    return `it belongs to another application (application_id ${appId}), not this bot`;
  const version = int(db, 'user_version');
  if (version > migrations.length)
    return `it has schema version ${version}, newer than this build knows (${migrations.length})`;
  // Only a missing or empty file is ever created, and creation leaves version 1 or later: an existing
  // version 0 is someone else's file, even one without tables.
  if (version === 0) return 'it is an SQLite database of something else (it has content but no bot schema)';
  // Databases from builds before the application id have id 0: the exact schema decides.
  if (schemaOf(db) !== expectedSchema(version))
    return `it is an SQLite database of something else (its tables are not this bot's schema version ${version})`;
  return undefined;
}

/** Inspect an existing file over a read-only connection; throws DatabaseOpenError if it is not ours. */
function inspect(file: string, timeout: number): void {
  // A read-only connection to a WAL database creates -wal and -shm beside it: remove any it made.
  const sideFiles = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  let reason: string | undefined;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout });
    try {
      reason = refusal(db);
    } finally {
      db.close();
    }
  } catch (err) {
    const message = errorMessage(err);
    reason = /not a database|malformed|corrupt/i.test(message)
      ? `it is not a valid SQLite database (${message}); move it aside or point DATABASE_PATH elsewhere`
      : `it cannot be read (${message})`;
  }
  if (reason === undefined) return;
  for (const f of sideFiles) rmSync(f, { force: true });
  throw new DatabaseOpenError(file, reason);
}

/** How many rows point at a parent row that does not exist (PRAGMA foreign_key_check). */
const brokenReferences = (db: Database.Database) =>
  z.array(z.unknown()).parse(db.pragma('foreign_key_check')).length;

function migrate(db: Database.Database): void {
  // SQLite's procedure for rebuilding a table that others reference: foreign keys off *outside* the
  // transaction (the pragma does nothing inside one), so dropping the old table neither cascades into the
  // rows that point at it nor fails; before committing, check that the migration broke no reference.
  const enforced = int(db, 'foreign_keys') === 1;
  db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE: two processes starting together migrate one after the other, and the second sees it done.
    const step = db.transaction((index: number, sql: string) => {
      if (int(db, 'user_version') !== index) return;
      // Compared with before, not with zero: rows orphaned by hand (the sqlite3 shell does not enforce
      // foreign keys) did not stop this build from working, and must not stop the upgrade either.
      const broken = brokenReferences(db);
      db.exec(sql);
      const added = brokenReferences(db) - broken;
      // Thrown inside the transaction, so the migration is rolled back and the file stays as it was.
      if (added > 0) throw new Error(`migration ${index + 1} would leave ${added} rows pointing at nothing`);
      db.pragma(`user_version = ${index + 1}`);
    });
    migrations.forEach((sql, index) => {
      step.immediate(index, sql);
    });
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
  // Older builds did not stamp the id; the schema was checked to be ours before this write.
  if (int(db, 'application_id') !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
}

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction before failing (ms). */
  busyTimeoutMs?: number;
}

/** Open (creating and migrating) the database at `file`. Throws DatabaseOpenError naming the path. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteAnnouncementStore {
  const resolved = path.resolve(file);
  const timeout = options.busyTimeoutMs ?? 5_000;
  // Only a missing or empty file is created; anything with content must prove it is ours first.
  if (checkPath(resolved)) inspect(resolved, timeout);
  let db: Database.Database;
  try {
    db = new Database(resolved, { timeout });
  } catch (err) {
    throw new DatabaseOpenError(resolved, `it cannot be opened (${errorMessage(err)})`);
  }
  try {
    // A new file gets its schema and application id in one rollback-journal transaction before WAL, so a
    // crash during creation leaves either nothing or a database the next start recognises.
    migrate(db);
    const reason = refusal(db);
    if (reason) throw new DatabaseOpenError(resolved, reason);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new DatabaseOpenError(resolved, `it cannot use write-ahead logging (mode ${String(mode)})`);
    // NORMAL is durable across process crashes in WAL mode (only a power loss can drop the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted rows (who subscribed a channel) are overwritten with zeros, not left in free pages.
    db.pragma('secure_delete = ON');
    return new SqliteAnnouncementStore(db);
  } catch (err) {
    db.close();
    if (err instanceof DatabaseOpenError) throw err;
    throw new DatabaseOpenError(resolved, `it cannot be opened for writing (${errorMessage(err)})`);
  }
}
