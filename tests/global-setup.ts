// Before any test: build once (some tests run the compiled entry points as a user would, `node dist/...`;
// type errors do not stop the emit, `npm test` reports them in its own `tsc --noEmit` step), and start one
// real PostgreSQL server that the Postgres tests share, each in databases of its own.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { TestProject } from 'vitest/node';
import { findPostgresBin, type PostgresServer, startPostgres } from './support/postgres/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the shared test server; '' when there is none (outside CI only). */
    postgresUrl: string;
    /** Why there is no server, for the skip message. */
    postgresMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'ignore' });

  let server: PostgresServer | undefined;
  let missing = '';
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
  } else {
    const bin = findPostgresBin();
    if (bin) {
      server = await startPostgres(bin);
      project.provide('postgresUrl', server.url);
    } else {
      missing = 'no PostgreSQL binaries (apt-get install postgresql, or set PG_BIN or TEST_DATABASE_URL)';
      // CI installs the server: a missing one there is a broken install, never a reason to skip.
      if (process.env.CI) throw new Error(`CI needs a PostgreSQL server for the tests: ${missing}`);
      project.provide('postgresUrl', '');
    }
  }
  project.provide('postgresMissing', missing);
  return () => server?.stop();
}
