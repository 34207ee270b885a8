// Upgrading a database written by the build that shipped schema version 1 (platform limited to a fixed
// list by a CHECK) through version 2 (any platform name) to version 3 (a language per subscription): every
// subscription keeps its id and fields and reads English, every delivery stays attached, and the rebuilt
// table still enforces what it did. Real files in a temp folder.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { openSqliteStore } from '../../../../src/announce/index.js';
import { tempDir } from '../../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

/**
 * Schema version 1 exactly as it shipped, copied here on purpose rather than read from migrations.ts: if
 * anyone edits the shipped migration, files like this one stop being recognised and this test fails.
 */
const SHIPPED_V1 = `
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    schedule TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
    paused_reason TEXT,
    subscribed_by TEXT NOT NULL,
    subscribed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (platform, workspace_id, channel_id)
  );
  CREATE TABLE deliveries (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    occurrence_key TEXT NOT NULL,
    scheduled_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'unknown')),
    owner TEXT,
    claimed_at INTEGER,
    finished_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    message_ref TEXT,
    error TEXT,
    PRIMARY KEY (subscription_id, occurrence_key)
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_claimed ON deliveries (owner) WHERE state = 'claimed';
  CREATE TABLE runners (
    id TEXT PRIMARY KEY,
    heartbeat_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `;

/** The application id shipped files carry ("OOBT"), written out like the schema, for the same reason. */
const SHIPPED_APPLICATION_ID = 0x4f4f4254;
const T = Date.parse('2025-10-01T00:00:00Z');

/** A version-1 file as the shipped build left it: WAL mode, stamped, with ids that have gaps. */
function shippedDatabase(extra?: (db: Database.Database) => void): string {
  const file = path.join(temp.dir, `v1-${++n}.sqlite`);
  const db = new Database(file);
  db.exec(SHIPPED_V1);
  db.pragma('user_version = 1');
  db.pragma(`application_id = ${SHIPPED_APPLICATION_ID}`);
  db.pragma('journal_mode = WAL');
  const sub = db.prepare(`INSERT INTO subscriptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  sub.run(1, 'slack', 'T1', 'C1', 'default', 'Europe/Berlin', 'active', null, 'U1', T, T);
  sub.run(
    4,
    'discord',
    '100000000000000001',
    '200000000000000002',
    'light',
    'UTC',
    'paused',
    'gone',
    'D1',
    T,
    T + 1,
  );
  sub.run(9, 'slack', 'T2', 'C9', 'light', 'Asia/Tokyo', 'active', null, 'U9', T + 2, T + 3);
  const delivery = db.prepare(`INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  delivery.run(
    1,
    'start:before-7@2025-10-27T09:00',
    T + 10,
    'posted',
    'host:1:a',
    T + 10,
    T + 11,
    1,
    '1761552000.000100',
    null,
  );
  delivery.run(
    1,
    'start:before-3@2025-10-31T09:00',
    T + 20,
    'claimed',
    'host:1:a',
    T + 20,
    null,
    1,
    null,
    null,
  );
  delivery.run(
    4,
    'start:before-7@2025-10-27T09:00',
    T + 10,
    'failed',
    'host:2:b',
    T + 10,
    T + 12,
    3,
    null,
    'gone',
  );
  delivery.run(
    9,
    'start:before-7@2025-10-27T09:00',
    T + 10,
    'unknown',
    'host:1:a',
    T + 10,
    T + 13,
    2,
    null,
    'crashed',
  );
  db.prepare('INSERT INTO runners VALUES (?, ?)').run('host:1:a', T + 20);
  extra?.(db);
  db.close();
  return file;
}

const masterRow = z.object({ type: z.string(), name: z.string(), sql: z.string().nullable() });
const fkRow = z.object({ table: z.string(), from: z.string(), to: z.string(), on_delete: z.string() });

/** What the file holds, read over its own connection, to compare before and after the upgrade. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      subscriptions: db.prepare('SELECT * FROM subscriptions ORDER BY id').all(),
      deliveries: db.prepare('SELECT * FROM deliveries ORDER BY subscription_id, occurrence_key').all(),
      runners: db.prepare('SELECT * FROM runners').all(),
      master: masterRow
        .array()
        .parse(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()),
      foreignKeys: fkRow.array().parse(db.pragma('foreign_key_list(deliveries)')),
      broken: z.array(z.unknown()).parse(db.pragma('foreign_key_check')),
    };
  } finally {
    db.close();
  }
}

describe('upgrading a schema-version-1 database', () => {
  test('opening it migrates to version 3 and keeps every subscription (now English), delivery and runner', async () => {
    const file = shippedDatabase();
    const before = snapshot(file);
    expect(before.version).toBe(1);
    expect(before.subscriptions).toHaveLength(3);

    const store = openSqliteStore(file);
    // Through the store: ids, platforms and every field as they were.
    expect(await store.listSubscriptions()).toEqual([
      expect.objectContaining({ id: 1, platform: 'slack', channelId: 'C1', timeZone: 'Europe/Berlin' }),
      expect.objectContaining({ id: 4, platform: 'discord', state: 'paused', pausedReason: 'gone' }),
      expect.objectContaining({ id: 9, platform: 'slack', workspaceId: 'T2', schedule: 'light' }),
    ]);
    // They were being announced in English, and still are.
    expect((await store.listSubscriptions()).map((s) => s.language)).toEqual(['en', 'en', 'en']);
    expect(await store.listDeliveries(1)).toHaveLength(2);
    expect(await store.getDelivery(1, 'start:before-7@2025-10-27T09:00')).toMatchObject({
      state: 'posted',
      messageRef: '1761552000.000100',
    });
    await store.close();

    const after = snapshot(file);
    expect(after.version).toBe(3);
    // Every column as it was, and the new one English.
    expect(after.subscriptions).toEqual(
      z
        .record(z.string(), z.unknown())
        .array()
        .parse(before.subscriptions)
        .map((row) => ({ ...row, language: 'en' })),
    );
    expect(after.deliveries).toEqual(before.deliveries);
    expect(after.runners).toEqual(before.runners);
    expect(after.broken).toEqual([]);
    // The foreign key still points at subscriptions.id and still cascades.
    expect(after.foreignKeys).toEqual([
      expect.objectContaining({
        table: 'subscriptions',
        from: 'subscription_id',
        to: 'id',
        on_delete: 'CASCADE',
      }),
    ]);
    // Same tables and indexes (the UNIQUE one comes back with the rebuilt table); no platform list left.
    const names = (m: typeof after.master) => m.map((r) => `${r.type}:${r.name}`);
    expect(names(after.master)).toEqual(names(before.master));
    const table = after.master.find((r) => r.name === 'subscriptions')?.sql ?? '';
    expect(table).not.toMatch(/CHECK \(platform/);
    expect(table).toContain('UNIQUE (platform, workspace_id, channel_id)');
    expect(after.master.map((r) => r.name)).not.toContain('subscriptions_next');
  });

  test('the upgraded file behaves: new ids follow the old ones, cascades and uniqueness hold, reopening works', async () => {
    const file = shippedDatabase();
    const store = openSqliteStore(file);
    const added = await store.subscribe(
      {
        platform: 'matrix',
        workspaceId: '!room:example.org',
        channelId: '$main',
        schedule: 'default',
        timeZone: 'UTC',
        subscribedBy: '@ana:example.org',
      },
      new Date(T + 100),
    );
    expect(added.id).toBe(10);
    // Subscribing an existing channel again keeps its id and its deliveries.
    const again = await store.subscribe(
      {
        platform: 'slack',
        workspaceId: 'T1',
        channelId: 'C1',
        schedule: 'light',
        timeZone: 'UTC',
        subscribedBy: 'U2',
      },
      new Date(T + 100),
    );
    expect(again.id).toBe(1);
    expect(await store.listDeliveries(1)).toHaveLength(2);
    // Unsubscribing still removes the channel's deliveries through the foreign key.
    expect(await store.unsubscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' })).toBe(true);
    expect(await store.listDeliveries(1)).toEqual([]);
    expect(await store.listDeliveries(4)).toHaveLength(1);
    await store.close();

    // A version-3 file (migrated, not created) is recognised as ours on the next start.
    const reopened = openSqliteStore(file);
    expect((await reopened.listSubscriptions()).map((s) => s.id)).toEqual([4, 9, 10]);
    // And a delivery for a subscription that does not exist is still refused by the foreign key.
    await expect(
      reopened.claim({
        subscriptionId: 99,
        occurrenceKey: 'k',
        scheduledAt: new Date(T),
        owner: 'o',
        now: new Date(T),
        maxAttempts: 3,
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await reopened.close();
  });

  test('a delivery already orphaned by hand (the sqlite3 shell enforces no foreign keys) does not block it', async () => {
    const file = shippedDatabase((db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare('DELETE FROM subscriptions WHERE id = 9').run();
    });
    const before = snapshot(file);
    expect(before.broken).toHaveLength(1);
    const store = openSqliteStore(file);
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([1, 4]);
    await store.close();
    const after = snapshot(file);
    expect(after.version).toBe(3);
    expect(after.deliveries).toEqual(before.deliveries);
  });

  test('a database created fresh has exactly the schema an upgraded one has', async () => {
    const upgraded = shippedDatabase();
    await openSqliteStore(upgraded).close();
    const fresh = path.join(temp.dir, `fresh-${++n}.sqlite`);
    await openSqliteStore(fresh).close();
    expect(snapshot(fresh).master).toEqual(snapshot(upgraded).master);
  });
});
