// Fresh databases on the shared test server (tests/global-setup.ts starts it). Each call makes an empty
// database of its own, so test files and checks never see each other's rows; dropped when released.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

/** The shared server's maintenance URL, or '' when this machine has none (never in CI). */
export function postgresUrl(): string {
  return inject('postgresUrl');
}

/**
 * `describe`, or `describe.skip` with the reason when there is no server. CI refuses to start without one
 * (tests/global-setup.ts), so there these tests always run.
 */
export function describePostgres(name: string, body: () => void): void {
  if (postgresUrl()) describe(name, body);
  else describe.skip(`${name} (skipped: ${inject('postgresMissing')})`, body);
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = postgresUrl();
  if (!admin) throw new Error(`no PostgreSQL server for the tests: ${inject('postgresMissing')}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      await withAdmin(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
