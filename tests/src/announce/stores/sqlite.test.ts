// The SQLite store: the AnnouncementStore contract on real files (two connections on one file stand for
// two bot processes), then what only SQLite does: refusing files that are not ours, WAL, the schema
// version and application id, secure_delete, and forgetting long-silent runners.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { DatabaseOpenError, openSqliteStore } from '../../../../src/announce/index.js';
import { migrations } from '../../../../src/announce/stores/sqlite/migrations.js';
import { APPLICATION_ID } from '../../../../src/announce/stores/sqlite/open.js';
import { tempDir } from '../../../support/announce-helpers.js';
import { storeContract } from '../../../support/contracts/store-contract.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const file = (name: string) => path.join(temp.dir, name);
const now = new Date('2025-10-01T00:00:00Z');
let n = 0;

storeContract('sqlite', () => {
  const target = file(`contract-${++n}.sqlite`);
  const store = openSqliteStore(target);
  return { store, close: () => store.close(), connect: () => openSqliteStore(target) };
});

const subscription = (subscribedBy = 'U1') => ({
  platform: 'slack' as const,
  workspaceId: 'T1',
  channelId: 'C1',
  schedule: 'default',
  timeZone: 'UTC',
  subscribedBy,
});

function openError(target: string): DatabaseOpenError {
  try {
    openSqliteStore(target);
  } catch (err) {
    if (err instanceof DatabaseOpenError) return err;
    throw err;
  }
  throw new Error('expected DatabaseOpenError');
}

describe('opening the database', () => {
  test('a new file is created in a new folder, in WAL mode, and reopening keeps the data', async () => {
    const target = file('nested/data/bot.sqlite');
    const store = openSqliteStore(target);
    await store.subscribe(subscription(), now);
    await store.close();
    const raw = new Database(target, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    raw.close();
    const again = openSqliteStore(target);
    expect(await again.listSubscriptions()).toHaveLength(1);
    await again.close();
  });

  test('a file that is not SQLite is a clear error naming the path, and its bytes are left as they were', () => {
    const target = file('corrupt.sqlite');
    const bytes = Buffer.from('this is not a database, it is a shopping list\n'.repeat(200));
    writeFileSync(target, bytes);
    const err = openError(target);
    expect(err.message).toContain(target);
    expect(err.message).toMatch(/not a valid SQLite database.*Nothing in it was changed/);
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(existsSync(`${target}-wal`)).toBe(false);
  });

  test('a database whose pages are damaged fails the integrity check and is not touched', async () => {
    const target = file('damaged.sqlite');
    const store = openSqliteStore(target);
    await store.close();
    const raw = new Database(target);
    raw.pragma('journal_mode = DELETE');
    raw.exec(
      `CREATE TABLE filler (x TEXT);
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
       INSERT INTO filler SELECT hex(randomblob(500)) FROM n;`,
    );
    raw.close();
    const bytes = readFileSync(target);
    bytes.fill(0xff, 4096 + 100, 4096 * 3); // scribble over page 2 and 3 past their headers
    writeFileSync(target, bytes);
    const err = openError(target);
    expect(err.message).toContain(target);
    expect(err.message).toMatch(/failed SQLite's integrity check/);
    expect(readFileSync(target).equals(bytes)).toBe(true);
  });

  test('an SQLite database of something else is refused rather than having tables added', () => {
    const target = file('foreign.sqlite');
    const raw = new Database(target);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    const before = readFileSync(target);
    expect(openError(target).message).toMatch(/database of something else/);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  test('a bot database stamped by another application is refused, and its bytes are left as they were', async () => {
    const target = file('other-app.sqlite');
    await openSqliteStore(target).close();
    const raw = new Database(target);
    raw.pragma('application_id = 1234');
    raw.close();
    const before = readFileSync(target);
    expect(openError(target).message).toMatch(/belongs to another application \(application_id 1234\)/);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  test('a database from a build before the application id is accepted by its schema and stamped', async () => {
    const target = file('unstamped.sqlite');
    const store = openSqliteStore(target);
    await store.subscribe(subscription(), now);
    await store.close();
    const raw = new Database(target);
    raw.pragma('application_id = 0');
    raw.close();
    const again = openSqliteStore(target);
    expect(await again.listSubscriptions()).toHaveLength(1);
    await again.close();
    const check = new Database(target, { readonly: true });
    expect(check.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    check.close();
  });

  test('a database from a newer build is refused with both schema versions', () => {
    const target = file('newer.sqlite');
    const raw = new Database(target);
    raw.pragma('user_version = 99');
    raw.close();
    expect(openError(target).message).toContain(
      `schema version 99, newer than this build knows (${migrations.length})`,
    );
  });

  test('a folder at the path, or a file where the folder should be, is named in the error', () => {
    mkdirSync(file('a-folder'));
    expect(openError(file('a-folder')).message).toMatch(/a-folder: it is a folder/);
    writeFileSync(file('plain-file'), 'x');
    expect(openError(file('plain-file/bot.sqlite')).message).toMatch(/its folder cannot be created/);
  });

  // Root ignores permission bits, so this can only be checked as an ordinary user.
  test.skipIf(process.getuid?.() === 0)(
    'a read-only folder is a clear error before anything is written',
    async () => {
      const { chmodSync } = await import('node:fs');
      mkdirSync(file('ro'));
      chmodSync(file('ro'), 0o500);
      try {
        expect(openError(file('ro/bot.sqlite')).message).toMatch(/not writable/);
      } finally {
        chmodSync(file('ro'), 0o700);
      }
    },
  );
});

describe('what the file keeps', () => {
  /** The database and its write-ahead log, as bytes anyone with the files could read. */
  const onDisk = (target: string) =>
    Buffer.concat([
      readFileSync(target),
      existsSync(`${target}-wal`) ? readFileSync(`${target}-wal`) : Buffer.alloc(0),
    ]);

  test('after unsubscribing, the user id of whoever subscribed is in neither the database file nor its log', async () => {
    const target = file('secure-delete.sqlite');
    const store = openSqliteStore(target);
    const sub = await store.subscribe(subscription('U0SECRETSUBSCRIBER'), now);
    await store.claim({
      subscriptionId: sub.id,
      occurrenceKey: 'start:day@2025-11-03T09:00',
      scheduledAt: now,
      owner: 'A',
      now,
      maxAttempts: 3,
    });
    expect(onDisk(target).includes('U0SECRETSUBSCRIBER')).toBe(true);
    expect(await store.unsubscribe(sub)).toBe(true);
    expect(onDisk(target).includes('U0SECRETSUBSCRIBER')).toBe(false);
    await store.close();
    expect(onDisk(target).includes('U0SECRETSUBSCRIBER')).toBe(false);
  });

  test('a runner silent for more than a week is forgotten at the next heartbeat; a recent one is kept', async () => {
    const target = file('runners.sqlite');
    const store = openSqliteStore(target);
    const day = 86_400_000;
    await store.heartbeat('gone-for-good', now);
    await store.heartbeat('recent', new Date(now.getTime() + 2 * day));
    await store.heartbeat('current', new Date(now.getTime() + 8 * day));
    const raw = new Database(target, { readonly: true });
    const ids = raw.prepare('SELECT id FROM runners ORDER BY id').pluck().all();
    raw.close();
    await store.close();
    expect(ids).toEqual(['current', 'recent']);
  });
});
