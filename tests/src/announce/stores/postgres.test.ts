// The Postgres store: the AnnouncementStore contract on a real server (a second pool on the same database
// stands for a second host), then what only Postgres does: migrations once however many hosts start
// together, liveness by the database's clock whatever the hosts' clocks say, workspace leases, a database
// newer than the code refused, and an unreachable database named by DATABASE_URL without its password.
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, expect, test } from 'vitest';
import { z } from 'zod';
import { type AnnouncementStore, openPostgresStore } from '../../../../src/announce/index.js';
import { migrations } from '../../../../src/announce/stores/postgres/migrations.js';
import { migrate, openPostgres } from '../../../../src/storage/index.js';
import { storeContract } from '../../../support/contracts/store-contract.js';
import { at, channel, claim, KEY, subscribe } from '../../../support/contracts/store-fixtures.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../../support/postgres/database.js';

describePostgres('the Postgres announcement store', () => {
  storeContract(
    'postgres',
    async () => {
      const db = await createDatabase('contract');
      const store = await openPostgresStore(db.url);
      return {
        store,
        close: async () => {
          await store.close();
          await db.drop();
        },
        connect: () => openPostgresStore(db.url),
      };
    },
    { clock: 'database' },
  );

  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const database = async (): Promise<TestDatabase> => {
    const db = await createDatabase('pgstore');
    cleanup.push(() => db.drop());
    return db;
  };
  const open = async (url: string): Promise<AnnouncementStore> => {
    const store = await openPostgresStore(url);
    cleanup.push(() => store.close());
    return store;
  };
  const query = async (url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  test('four hosts opening a new database at once apply the announcement schema exactly once', async () => {
    const db = await database();
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(db.url)));
    const rows = await query(db.url, "SELECT version FROM schema_migrations WHERE scope = 'announce'");
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version })));
    // Every host works on the one schema: what one writes, the others read.
    const sub = await subscribe(stores[0] as AnnouncementStore, channel('C1'));
    for (const store of stores) expect((await store.getSubscription(channel('C1')))?.id).toBe(sub.id);
  });

  test('a host whose clock is an hour behind is still alive to a host whose clock is an hour ahead', async () => {
    const db = await database();
    const [behind, ahead] = [await open(db.url), await open(db.url)];
    const hour = 3_600_000;
    const slowNow = () => new Date(Date.now() - hour);
    const fastNow = () => new Date(Date.now() + hour);
    const sub = await subscribe(behind, channel('C1'));
    await behind.heartbeat('slow-host', slowNow());
    await claim(behind, sub.id, 'slow-host', { now: slowNow() });
    // By its own clock the slow host last beat two hours ago; by the database's it just did.
    const fast = fastNow();
    expect(
      await ahead.takeOverOrphans('fast-host', new Date(fast.getTime() - 60_000), fast, ['slack']),
    ).toEqual([]);
    const [beat] = await query(db.url, "SELECT heartbeat_at FROM announce_runners WHERE id = 'slow-host'");
    const beatAt = z.object({ heartbeat_at: z.date() }).parse(beat).heartbeat_at;
    expect(Math.abs(beatAt.getTime() - Date.now())).toBeLessThan(5_000);
    // Silent for longer than the window (measured on the database's clock): now it is orphaned.
    await sleep(150);
    const later = fastNow();
    const taken = await ahead.takeOverOrphans('fast-host', new Date(later.getTime() - 100), later, ['slack']);
    expect(taken).toEqual([expect.objectContaining({ subscriptionId: sub.id, owner: 'fast-host' })]);
  });

  test("a workspace's lease is one host's until released or expired by the database's clock", async () => {
    const db = await database();
    const a = (await open(db.url)).leases;
    const b = (await open(db.url)).leases;
    if (!a || !b) throw new Error('the Postgres store has leases');
    expect(await a.acquire('A', 'slack', 'W1', 300)).toBe(true);
    expect(await b.acquire('B', 'slack', 'W1', 300)).toBe(false);
    expect(await b.acquire('B', 'slack', 'W2', 300)).toBe(true);
    expect(await b.acquire('B', 'discord', 'W1', 300)).toBe(true);
    expect(await a.acquire('A', 'slack', 'W1', 300)).toBe(true); // renewed
    await a.release('B', 'slack', 'W1'); // not B's: nothing happens
    expect(await b.acquire('B', 'slack', 'W1', 300)).toBe(false);
    await sleep(400); // A stopped renewing, as a dead host would
    expect(await b.acquire('B', 'slack', 'W1', 300)).toBe(true);
    expect(await a.acquire('A', 'slack', 'W1', 300)).toBe(false);
    await b.release('B', 'slack', 'W1');
    expect(await a.acquire('A', 'slack', 'W1', 300)).toBe(true);
  });

  test('racing for one free workspace, exactly one of eight hosts gets its lease', async () => {
    const db = await database();
    const hosts = await Promise.all(Array.from({ length: 8 }, () => open(db.url)));
    const won = await Promise.all(hosts.map((h, i) => h.leases?.acquire(`H${i}`, 'slack', 'W1', 5_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  test('runners alive and deliveries already taken are what the database holds', async () => {
    const db = await database();
    const store = await open(db.url);
    const leases = store.leases;
    if (!leases) throw new Error('the Postgres store has leases');
    await store.heartbeat('A', at(0));
    await store.heartbeat('B', at(0));
    expect(await leases.liveRunners(10_000)).toBe(2);
    await sleep(120);
    await store.heartbeat('A', at(0));
    expect(await leases.liveRunners(100)).toBe(1);

    const subs = [];
    for (const id of ['C1', 'C2', 'C3', 'C4']) subs.push(await subscribe(store, channel(id)));
    const [posted, claimed, failed, untouched] = subs.map((s) => s.id) as [number, number, number, number];
    await claim(store, posted, 'A');
    await store.finish(posted, KEY, 'A', { state: 'posted' }, at(2));
    await claim(store, claimed, 'A');
    await claim(store, failed, 'A');
    await store.finish(failed, KEY, 'A', { state: 'failed' }, at(2));
    const taken = await leases.taken(
      [posted, claimed, failed, untouched].map((subscriptionId) => ({ subscriptionId, occurrenceKey: KEY })),
    );
    expect(taken).toEqual(new Set([`${posted}|${KEY}`, `${claimed}|${KEY}`]));
  });

  test('a database at announcement schema version 1 keeps every subscription and delivery, each now English', async () => {
    const db = await database();
    // The first version exactly as a host of the previous build applied it, with its rows.
    const pool = await openPostgres(db.url);
    try {
      await migrate(pool, 'announce', migrations.slice(0, 1));
    } finally {
      await pool.end();
    }
    const t = new Date('2025-10-01T00:00:00Z');
    await query(
      db.url,
      `INSERT INTO announce_subscriptions (id, platform, workspace_id, channel_id, schedule, time_zone, state,
         paused_reason, subscribed_by, subscribed_at, updated_at)
       VALUES (3, 'slack', 'T1', 'C1', 'default', 'Europe/Berlin', 'active', NULL, 'U1', $1, $1),
              (7, 'discord', 'G1', 'D1', 'light', 'UTC', 'paused', 'gone', 'U2', $1, $1)`,
      [t],
    );
    await query(
      db.url,
      `INSERT INTO announce_deliveries (subscription_id, occurrence_key, scheduled_at, state, owner, claimed_at,
         finished_at, attempts, message_ref)
       VALUES (3, $2, $1, 'posted', 'host:1', $1, $1, 1, 'm1')`,
      [t, KEY],
    );
    const store = await open(db.url);
    expect(await store.listSubscriptions()).toEqual([
      expect.objectContaining({ id: 3, channelId: 'C1', timeZone: 'Europe/Berlin', language: 'en' }),
      expect.objectContaining({ id: 7, state: 'paused', pausedReason: 'gone', language: 'en' }),
    ]);
    expect(await store.getDelivery(3, KEY)).toMatchObject({ state: 'posted', messageRef: 'm1' });
    const versions = await query(db.url, "SELECT version FROM schema_migrations WHERE scope = 'announce'");
    expect(versions).toEqual(migrations.map((m) => ({ version: m.version })));
    // And the upgraded table takes a language like a new one.
    const again = await subscribe(store, channel('C1', 'slack', 'T1'), { language: 'nl' });
    expect(again).toMatchObject({ id: 3, language: 'nl' });
  });

  test('a database whose announcement schema is newer than this build is refused, naming DATABASE_URL', async () => {
    const db = await database();
    await (await openPostgresStore(db.url)).close();
    await query(
      db.url,
      "INSERT INTO schema_migrations (scope, version, name) VALUES ('announce', 99, 'future')",
    );
    const err = await openPostgresStore(db.url).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'database_unusable' });
    expect(String((err as Error).message)).toMatch(
      new RegExp(`DATABASE_URL=.*version 99, newer than this bot knows \\(${migrations.length}\\)`),
    );
  });

  test('an unreachable database is a clear error naming DATABASE_URL, without the password', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const url = `postgres://bot:hunter2secret@127.0.0.1:${port}/bot`;
    const began = Date.now();
    const err = await openPostgresStore(url, { connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(err).toMatchObject({ code: 'database_unusable' });
    const message = String((err as Error).message);
    expect(message).toContain(`DATABASE_URL=postgres://bot:***@127.0.0.1:${port}/bot`);
    expect(message).toMatch(/cannot be reached/);
    expect(message).not.toContain('hunter2secret');
  });
});
