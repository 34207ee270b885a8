import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { DatabaseOpenError, openSqliteStore } from '../../../src/announce/index.js';
import { tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
const file = (name: string) => path.join(temp.dir, name);
const now = new Date('2025-10-01T00:00:00Z');

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
    await store.subscribe(
      {
        platform: 'slack',
        workspaceId: 'T1',
        channelId: 'C1',
        schedule: 'default',
        timeZone: 'UTC',
        subscribedBy: 'U1',
      },
      now,
    );
    await store.close();
    const raw = new Database(target, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
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

  test('a database from a newer build is refused with both schema versions', () => {
    const target = file('newer.sqlite');
    const raw = new Database(target);
    raw.pragma('user_version = 99');
    raw.close();
    expect(openError(target).message).toMatch(/schema version 99, newer than this build knows \(2\)/);
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

describe('two connections on one file', () => {
  test('racing claims on 200 deliveries: each is won by exactly one connection', async () => {
    const target = file('shared.sqlite');
    const a = openSqliteStore(target);
    const b = openSqliteStore(target);
    const subs = [];
    for (let i = 0; i < 200; i++) {
      subs.push(
        await a.subscribe(
          {
            platform: i % 2 ? 'slack' : 'discord',
            workspaceId: 'W',
            channelId: `C${i}`,
            schedule: 'default',
            timeZone: 'UTC',
            subscribedBy: 'U1',
          },
          now,
        ),
      );
    }
    const race = subs.flatMap((s) =>
      (['A', 'B'] as const).map(async (owner) => {
        const store = owner === 'A' ? a : b;
        const won = await store.claim({
          subscriptionId: s.id,
          occurrenceKey: 'start:day@2025-11-03T09:00',
          scheduledAt: now,
          owner,
          now,
          maxAttempts: 3,
        });
        return won ? owner : undefined;
      }),
    );
    const winners = (await Promise.all(race)).filter(Boolean);
    expect(winners).toHaveLength(200);
    expect((await b.listDeliveries()).every((d) => d.state === 'claimed')).toBe(true);
    await a.close();
    await b.close();
  });
});
