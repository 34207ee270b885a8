// Finding 2 (a database the bot did not create is refused, byte-for-byte untouched) and finding 3 (an
// unsubscribed user's id does not linger in the file's free pages or the WAL). Real SQLite files.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { migrations } from '../../src/announce/stores/sqlite/migrations.js';
import { APPLICATION_ID, DatabaseOpenError, openSqliteStore } from '../../src/announce/stores/sqlite/open.js';

const dir = mkdtempSync(path.join(tmpdir(), 'optout-faults-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function refused(target: string): DatabaseOpenError {
  try {
    const store = openSqliteStore(target);
    void store.close();
  } catch (err) {
    if (err instanceof DatabaseOpenError) return err;
    throw err;
  }
  throw new Error(`expected ${target} to be refused`);
}

function foreign(name: string, build: (db: Database.Database) => void): string {
  const target = file(name);
  const db = new Database(target);
  build(db);
  db.close();
  return target;
}

describe('a database the bot did not create', () => {
  test.each([
    [
      'user_version 1 with other tables',
      () =>
        foreign('v1-foreign.sqlite', (db) => {
          db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
          db.pragma('user_version = 1');
        }),
      /not this bot's schema version 1/,
    ],
    [
      'user_version 1 with our table names but other columns',
      () =>
        foreign('v1-lookalike.sqlite', (db) => {
          db.exec(
            'CREATE TABLE subscriptions (id INTEGER PRIMARY KEY); CREATE TABLE deliveries (x); CREATE TABLE runners (y)',
          );
          db.pragma('user_version = 1');
        }),
      /not this bot's schema version 1/,
    ],
    [
      'an empty but valid database of another application',
      () => foreign('other-app.sqlite', (db) => db.pragma('application_id = 1234')),
      /another application \(application_id 1234\)/,
    ],
    [
      'an empty database with only a page size set',
      () => foreign('empty-valid.sqlite', (db) => db.exec('PRAGMA page_size = 8192; VACUUM')),
      /database of something else/,
    ],
    [
      'a WAL-mode database of another application',
      () =>
        foreign('other-wal.sqlite', (db) => {
          db.pragma('journal_mode = WAL');
          db.exec('CREATE TABLE notes (body TEXT)');
          db.pragma('user_version = 1');
        }),
      /not this bot's schema/,
    ],
    [
      'a file that is not SQLite',
      () => {
        const target = file('text.sqlite');
        writeFileSync(target, 'not a database\n'.repeat(500));
        return target;
      },
      /not a valid SQLite database/,
    ],
  ])('%s: refused naming DATABASE_PATH, bytes identical, no side files left', (_name, make, why) => {
    const target = make();
    const before = sha(target);
    const err = refused(target);
    expect(err.code).toBe('database_unusable');
    expect(err.message).toContain(`DATABASE_PATH=${target}`);
    expect(err.message).toMatch(why);
    expect(sha(target)).toBe(before);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(existsSync(`${target}-shm`)).toBe(false);
  });

  test('a database from an older build (our schema, no application id) is accepted and stamped', async () => {
    const target = foreign('legacy.sqlite', (db) => {
      db.exec(migrations[0] ?? '');
      db.pragma('user_version = 1');
    });
    const store = openSqliteStore(target);
    await store.close();
    const db = new Database(target, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  test('a folder at DATABASE_PATH is named with the variable', () => {
    const err = refused(dir);
    expect(err.message).toContain(`DATABASE_PATH=${dir}: it is a folder`);
  });
});

describe('unsubscribing forgets who subscribed', () => {
  const USER = 'UDISTINCTIVE4242';
  const present = (target: string) =>
    [target, `${target}-wal`, `${target}-shm`]
      .filter((f) => existsSync(f))
      .some((f) => readFileSync(f).includes(Buffer.from(USER)));

  test('the user id is in neither the database file nor its WAL, while open and after close', async () => {
    const target = file('privacy.sqlite');
    const store = openSqliteStore(target);
    const target1 = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
    await store.subscribe(
      { ...target1, schedule: 'default', timeZone: 'UTC', subscribedBy: USER },
      new Date('2025-10-01T00:00:00Z'),
    );
    // Another subscription keeps pages in use, so the id cannot vanish just by the table emptying.
    await store.subscribe(
      {
        platform: 'slack',
        workspaceId: 'T1',
        channelId: 'C2',
        schedule: 'default',
        timeZone: 'UTC',
        subscribedBy: 'UOTHER',
      },
      new Date('2025-10-01T00:00:00Z'),
    );
    expect(present(target)).toBe(true);
    expect(await store.unsubscribe(target1)).toBe(true);
    expect(present(target)).toBe(false);
    await store.close();
    expect(present(target)).toBe(false);
  });
});
