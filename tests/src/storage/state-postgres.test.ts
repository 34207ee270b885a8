// The Postgres state store on the real test server: the shared-state contract over two pools (as two hosts
// have), expiry by the database's clock, the schema migrated once by hosts starting together, and a
// database that stops answering failing a call within its timeout.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SharedState } from '../../../src/core/index.js';
import { openPostgresState, PostgresOpenError, type PostgresStateStore } from '../../../src/storage/index.js';
import { stateContract } from '../../support/contracts/state-contract.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';

const keyRows = z.array(z.object({ key: z.string() }));
const SECRET = 'postgres-test-secret-0123456789abcdef';

describePostgres('Postgres shared state', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('state');
  });
  afterAll(async () => {
    await db.drop();
  });

  stateContract({
    name: 'postgres',
    // Real time: long enough that a few calls on a busy machine fit inside it.
    shortMs: 800,
    sweepEvery: 500,
    async open() {
      const [a, b] = await Promise.all([openPostgresState(db.url), openPostgresState(db.url)]);
      await a.sweep();
      const admin = new pg.Pool({ connectionString: db.url, max: 1 });
      // Every check starts from an empty table.
      await admin.query('DELETE FROM shared_state');
      return {
        a,
        b,
        advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        size: () => a.size(),
        sweep: () => b.sweep(),
        keys: async () =>
          keyRows.parse((await admin.query('SELECT key FROM shared_state')).rows).map((r) => r.key),
        async close() {
          await admin.end();
          await a.close();
          await b.close();
        },
      };
    },
  });

  describe('the database clock', () => {
    let store: PostgresStateStore;
    let admin: pg.Pool;
    beforeAll(async () => {
      store = await openPostgresState(db.url);
      admin = new pg.Pool({ connectionString: db.url, max: 1 });
    });
    afterAll(async () => {
      await store.close();
      await admin.end();
    });

    it('an expiry is the database time plus the TTL, and the database time decides what has expired', async () => {
      const shared = new SharedState({ store, secret: SECRET });
      const key = shared.keyOf('clock', 'Ev1');
      expect(await store.firstSeen(key, 60_000)).toBe(true);
      const left = await admin.query(
        'SELECT extract(epoch FROM expires_at - clock_timestamp()) * 1000 AS ms FROM shared_state WHERE key = $1',
        [key],
      );
      const ms = z.coerce.number().parse(left.rows[0]?.ms);
      expect(ms).toBeGreaterThan(55_000);
      expect(ms).toBeLessThanOrEqual(60_000);
      expect(await store.firstSeen(key, 60_000)).toBe(false);
      // Move the row's expiry to just past, by the database's clock: the next call must see it expired.
      await admin.query(
        "UPDATE shared_state SET expires_at = clock_timestamp() - interval '1 millisecond' WHERE key = $1",
        [key],
      );
      expect(await store.firstSeen(key, 60_000)).toBe(true);
      expect(await store.hit(shared.keyOf('clock', 'U1'), 60_000)).toBe(1);
    });

    it('four hosts opening at once migrate the schema once and all work', async () => {
      const fresh = await createDatabase('state_open');
      try {
        const hosts = await Promise.all(Array.from({ length: 4 }, () => openPostgresState(fresh.url)));
        const check = new pg.Pool({ connectionString: fresh.url, max: 1 });
        const versions = await check.query("SELECT version FROM schema_migrations WHERE scope = 'state'");
        await check.end();
        expect(versions.rows).toEqual([{ version: 1 }]);
        const key = new SharedState({ secret: SECRET }).keyOf('x', 'y');
        const firsts = await Promise.all(hosts.map((h) => h.firstSeen(key, 60_000)));
        expect(firsts.filter(Boolean)).toHaveLength(1);
        for (const h of hosts) await h.close();
      } finally {
        await fresh.drop();
      }
    });

    it('a statement the database holds up fails within the statement timeout, with a code', async () => {
      const slow = await openPostgresState(db.url, { statementTimeoutMs: 300 });
      const shared = new SharedState({ store: slow, secret: SECRET });
      const key = shared.keyOf('lock', 'held');
      await slow.firstSeen(key, 60_000);
      // Another session holds the row's lock: the upsert must wait, and the timeout cuts it off.
      const locker = await admin.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('SELECT * FROM shared_state WHERE key = $1 FOR UPDATE', [key]);
        const started = Date.now();
        await expect(slow.hit(key, 60_000)).rejects.toMatchObject({ code: '57014' });
        expect(Date.now() - started).toBeLessThan(2_000);
      } finally {
        await locker.query('ROLLBACK');
        locker.release();
        await slow.close();
      }
    });

    it('an unreachable DATABASE_URL is a coded error naming the variable, without the password', async () => {
      const url = 'postgres://bot:hunter2-password@127.0.0.1:1/nowhere';
      const error = await openPostgresState(url, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresOpenError);
      expect(error).toMatchObject({
        code: 'database_unusable',
        message: expect.stringContaining('DATABASE_URL'),
      });
      expect(String(error)).not.toContain('hunter2');
    });
  });
});
