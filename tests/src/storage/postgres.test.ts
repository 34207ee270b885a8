// The shared Postgres pieces on a real server: migrations run once even when several hosts start at once,
// a database newer than the code is refused, a wrong URL is a clear error without the password, and a
// statement that runs too long is cut off by the timeout.
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  databaseNow,
  migrate,
  openPostgres,
  type Pool,
  PostgresOpenError,
  redactUrl,
} from '../../../src/storage/index.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';

describePostgres('Postgres storage', () => {
  let db: TestDatabase;
  const pools: Pool[] = [];
  beforeAll(async () => {
    db = await createDatabase('storage');
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await db.drop();
  });
  const open = async (statementTimeoutMs?: number) => {
    const pool = await openPostgres(db.url, { statementTimeoutMs });
    pools.push(pool);
    return pool;
  };

  const steps = [
    { version: 1, name: 'things', sql: 'CREATE TABLE things (id serial PRIMARY KEY, n int NOT NULL)' },
    { version: 2, name: 'seed', sql: 'INSERT INTO things (n) VALUES (1)' },
  ];

  test('four hosts migrating at once apply each step exactly once', async () => {
    const hosts = await Promise.all([open(), open(), open(), open()]);
    const applied = await Promise.all(hosts.map((pool) => migrate(pool, 'test', steps)));
    expect(applied.flat().sort()).toEqual([1, 2]);
    const rows = await hosts[0]?.query('SELECT count(*)::int AS c FROM things');
    expect(rows?.rows[0].c).toBe(1);
    expect(await migrate(hosts[1] as Pool, 'test', steps)).toEqual([]);
  });

  test('two scopes migrating a fresh database at the same moment both succeed', async () => {
    const fresh = await createDatabase('scopes');
    try {
      const hosts = await Promise.all(
        [1, 2, 3, 4].map(() => openPostgres(fresh.url, { applicationName: 'scope-race' })),
      );
      const scoped = (scope: string) => [{ version: 1, name: scope, sql: `CREATE TABLE ${scope}_t (x int)` }];
      const applied = await Promise.all(
        hosts.map((pool, i) => migrate(pool, i % 2 ? 'alpha' : 'beta', scoped(i % 2 ? 'alpha' : 'beta'))),
      );
      expect(applied.flat()).toEqual([1, 1]);
      for (const pool of hosts) await pool.end();
    } finally {
      await fresh.drop();
    }
  });

  test('a database migrated by newer code is refused with its version', async () => {
    const pool = await open();
    await migrate(pool, 'newer', [{ version: 3, name: 'future', sql: 'SELECT 1' }]);
    await expect(migrate(pool, 'newer', steps)).rejects.toThrow(/version 3, newer than this bot knows \(2\)/);
  });

  test("the database's clock is what now() answers there", async () => {
    const pool = await open();
    const before = Date.now();
    const now = await databaseNow(pool);
    expect(Math.abs(now.getTime() - before)).toBeLessThan(5_000);
  });

  test('a checked-out connection the database terminates fails its next query, not the process', async () => {
    const pool = await open();
    const admin = await open();
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    // Checked out and between queries (as inside a transaction): the termination arrives as an event.
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // An 'error' event without a listener would have been an uncaught exception by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });

  test('a statement over the timeout fails instead of hanging', async () => {
    const pool = await open(200);
    await expect(pool.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
  });

  test('an unreachable or malformed URL is a PostgresOpenError that hides the password', async () => {
    const err = await openPostgres('postgres://bot:hunter2@127.0.0.1:1/x', { connectTimeoutMs: 1_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PostgresOpenError);
    expect(String(err)).toContain('postgres://bot:***@127.0.0.1:1/x');
    expect(String(err)).not.toContain('hunter2');
    await expect(openPostgres('mysql://x')).rejects.toThrow(/must start with postgres:\/\//);
    expect(redactUrl('nonsense')).toBe('(not a URL)');
  });
});
