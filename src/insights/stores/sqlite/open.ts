// Opening the insights file. It lives beside the announcement database, not inside it: the announcement
// store recognises its file by its exact schema and would refuse one with more tables, and a separate
// file can be deleted (or left out of backups) without touching subscriptions. DATABASE_PATH
// `data/optout-bot.sqlite` gives `data/optout-bot.insights.sqlite`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { CodedError } from '../../../core/index.js';
import { insightsMigrations } from './migrations.js';
import { SqliteInsightsStore } from './store.js';

/** Stamped in the file's header ("OOBI"): how a foreign file at the path is told apart. */
export const INSIGHTS_APPLICATION_ID = 0x4f4f4249;

const int = (db: Database.Database, pragma: string) => z.number().parse(db.pragma(pragma, { simple: true }));
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function fail(file: string, reason: string, cause?: unknown): never {
  throw new CodedError(
    'database_unusable',
    `Cannot use the insights database ${file} (beside DATABASE_PATH): ${reason}`,
    { cause },
  );
}

function migrate(db: Database.Database, file: string): void {
  const appId = int(db, 'application_id');
  const version = int(db, 'user_version');
  const tables = z
    .object({ n: z.number() })
    .parse(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get()).n;
  if (appId !== 0 && appId !== INSIGHTS_APPLICATION_ID)
    fail(file, `it belongs to another application (application_id ${appId})`);
  if (version === 0 && tables > 0) fail(file, 'it is an SQLite database of something else');
  if (version > insightsMigrations.length)
    fail(file, `its schema version ${version} is newer than this build knows (${insightsMigrations.length})`);
  const step = db.transaction((index: number, sql: string) => {
    if (int(db, 'user_version') !== index) return;
    db.exec(sql);
    db.pragma(`user_version = ${index + 1}`);
  });
  // IMMEDIATE: two processes starting together migrate one after the other.
  insightsMigrations.forEach((sql, index) => {
    step.immediate(index, sql);
  });
  if (appId !== INSIGHTS_APPLICATION_ID) db.pragma(`application_id = ${INSIGHTS_APPLICATION_ID}`);
}

export function openSqliteInsights(
  file: string,
  options: { busyTimeoutMs?: number } = {},
): SqliteInsightsStore {
  const resolved = path.resolve(file);
  let db: Database.Database;
  try {
    mkdirSync(path.dirname(resolved), { recursive: true });
    db = new Database(resolved, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (err) {
    fail(resolved, `it cannot be opened (${message(err)})`, err);
  }
  try {
    migrate(db, resolved);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Swept vote keys and questions are overwritten, not left readable in free pages.
    db.pragma('secure_delete = ON');
    return new SqliteInsightsStore(db);
  } catch (err) {
    db.close();
    if (err instanceof CodedError) throw err;
    fail(resolved, `it cannot be opened for writing (${message(err)})`, err);
  }
}
