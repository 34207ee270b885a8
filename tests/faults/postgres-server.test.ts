// The shared test PostgreSQL server is real and each test database is its own: a table made in one is not
// seen in another, and a dropped database is gone.
import pg from 'pg';
import { expect, test } from 'vitest';
import { createDatabase, describePostgres } from '../support/postgres/database.js';

describePostgres('the test PostgreSQL server', () => {
  test('two fresh databases do not share tables, and a dropped one refuses connections', async () => {
    const a = await createDatabase();
    const b = await createDatabase();
    const ca = new pg.Client(a.url);
    const cb = new pg.Client(b.url);
    await ca.connect();
    await cb.connect();
    await ca.query('CREATE TABLE only_in_a (x int)');
    const seen = await cb.query("SELECT to_regclass('only_in_a') AS t");
    expect(seen.rows[0].t).toBeNull();
    const version = await ca.query('SHOW server_version_num');
    expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(120000);
    await ca.end();
    await cb.end();
    await a.drop();
    const gone = new pg.Client(a.url);
    await expect(gone.connect()).rejects.toThrow(/does not exist/);
    await b.drop();
  });
});
