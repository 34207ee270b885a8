// Where the app keeps announcements: DATABASE_URL (postgres:// or postgresql://) selects the PostgreSQL
// database all hosts share; without it the SQLite file at DATABASE_PATH is used as before, and the `pg`
// driver is never even loaded. Real SQLite files, the real test PostgreSQL server, the built entry points.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { defineAdapter } from '../../adapters/kit/index.js';
import { ConfigError, checkConfigPaths, loadConfig } from '../../app/config.js';
import { registry } from '../../app/registry.js';
import { type RunningApp, startApp } from '../../app/run.js';
import { openAnnouncementStore } from '../../app/store.js';
import { openPostgresStore } from '../../src/announce/index.js';
import { loadKnowledge, silentLogger } from '../../src/core/index.js';
import { createDatabase, describePostgres, type TestDatabase } from '../support/postgres/database.js';
import { loopchatPlatform } from '../support/test-platform/adapter.js';
import { LoopchatStandIn } from '../support/test-platform/stand-in.js';

const dir = mkdtempSync(join(tmpdir(), 'optout-app-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const channel = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' } as const;
const subscription = { ...channel, schedule: 'default', timeZone: 'UTC', subscribedBy: 'U1' };

function configProblems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

// Required beside DATABASE_URL (it keys the shared state's hashes).
const STATE_SECRET = 'store-test-state-secret-0123456789';

describe('DATABASE_URL in the configuration', () => {
  test('unset, the SQLite file at DATABASE_PATH is the database, as for any one-host bot', () => {
    expect(loadConfig({})).toMatchObject({
      databaseUrl: undefined,
      databasePath: './data/optout-bot.sqlite',
    });
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  test('postgres:// and postgresql:// URLs are taken as given', () => {
    for (const url of ['postgres://bot:pw@db.internal:5432/bot', 'postgresql://db/bot?sslmode=require'])
      expect(loadConfig({ DATABASE_URL: url, STATE_SECRET }).databaseUrl).toBe(url);
  });

  test('any other URL is one error naming DATABASE_URL, without echoing its value (it holds a password)', () => {
    const message = configProblems({ DATABASE_URL: 'mysql://bot:pw-not-shown@db/bot' });
    expect(message).toMatch(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).not.toContain('pw-not-shown');
  });

  test('with DATABASE_URL set, a folder at DATABASE_PATH does not matter: the file is not used', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(() => checkConfigPaths(loadConfig({ DATABASE_PATH: folder }))).toThrow(
      /DATABASE_PATH .* is a folder/,
    );
    expect(() =>
      checkConfigPaths(
        loadConfig({ DATABASE_PATH: folder, DATABASE_URL: 'postgres://db/bot', STATE_SECRET }),
      ),
    ).not.toThrow();
  });
});

describe('opening the store without DATABASE_URL', () => {
  test('the SQLite file at DATABASE_PATH is created and used', async () => {
    const file = join(dir, 'one-host.sqlite');
    const opened = await openAnnouncementStore(loadConfig({ DATABASE_PATH: file }));
    expect(opened).toMatchObject({ kind: 'sqlite', where: file });
    await opened.store.subscribe(subscription, new Date());
    await opened.store.close();
    expect(existsSync(file)).toBe(true);
    const again = await openAnnouncementStore(loadConfig({ DATABASE_PATH: file }));
    expect(await again.store.listSubscriptions()).toHaveLength(1);
    await again.store.close();
  });

  test('the built app opens it without ever loading the pg driver', () => {
    // A resolve hook that fails the process if anything imports `pg` (dist/ is built by the global setup).
    const hook = `data:text/javascript,${encodeURIComponent(
      "export async function resolve(s, c, next) { if (s === 'pg' || s.startsWith('pg/')) throw new Error('pg was loaded'); return next(s, c); }",
    )}`;
    const script = `
      import { register } from 'node:module';
      register(${JSON.stringify(hook)});
      const { openAnnouncementStore } = await import('./dist/app/store.js');
      const { store, kind } = await openAnnouncementStore({ databasePath: ${JSON.stringify(join(dir, 'no-pg.sqlite'))}, databaseUrl: undefined });
      await store.close();
      process.stdout.write(kind);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('sqlite');
    // The hook does refuse pg: the same check on the Postgres path fails.
    const withPg = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import('pg');`,
      ],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(withPg.stderr).toMatch(/pg was loaded/);
  });
});

describePostgres('opening the store with DATABASE_URL', () => {
  let db: TestDatabase;
  let app: RunningApp | undefined;
  let standIn: LoopchatStandIn | undefined;
  afterEach(async () => {
    await app?.stop();
    await standIn?.close();
    app = undefined;
    standIn = undefined;
    await db?.drop();
  });
  const rows = async (sql: string) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  test('the shared PostgreSQL database is used, named without its password, and no SQLite file is made', async () => {
    db = await createDatabase('appstore');
    const file = join(dir, 'unused.sqlite');
    const url = new URL(db.url);
    url.password = 'pw-not-shown'; // trust authentication accepts any password; the name must hide it
    const opened = await openAnnouncementStore(
      loadConfig({ DATABASE_PATH: file, DATABASE_URL: url.toString(), STATE_SECRET }),
    );
    expect(opened.kind).toBe('postgres');
    expect(opened.where).toContain(':***@');
    expect(opened.where).not.toContain('pw-not-shown');
    await opened.store.subscribe(subscription, new Date());
    await opened.store.close();
    expect(await rows('SELECT channel_id FROM announce_subscriptions')).toEqual([{ channel_id: 'C1' }]);
    expect(existsSync(file)).toBe(false);
  });

  test('the app started with DATABASE_URL keeps its announcements there, where another host sees them', async () => {
    db = await createDatabase('appstart');
    standIn = await LoopchatStandIn.start();
    const file = join(dir, 'app-unused.sqlite');
    const env = {
      LOOPCHAT_URL: standIn.url,
      LOOPCHAT_TOKEN: standIn.token,
      DATABASE_PATH: file,
      DATABASE_URL: db.url,
      STATE_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const config = loadConfig(env, [...registry, defineAdapter(loopchatPlatform)]);
    app = await startApp(config, { knowledge: loadKnowledge(), logger: silentLogger });
    await app.announcements.store.subscribe(subscription, new Date());
    const otherHost = await openPostgresStore(db.url);
    expect(await otherHost.getSubscription(channel)).toMatchObject({ channelId: 'C1', state: 'active' });
    await otherHost.close();
    expect(existsSync(file)).toBe(false);
  });

  test('`npm run announce -- list` lists the shared database, named without its password', async () => {
    db = await createDatabase('applist');
    const store = await openPostgresStore(db.url);
    await store.subscribe(subscription, new Date());
    await store.close();
    const url = new URL(db.url);
    url.password = 'pw-not-shown';
    const r = spawnSync(process.execPath, ['dist/app/announce-cli.js', 'list'], {
      encoding: 'utf8',
      timeout: 15_000,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url.toString(),
        STATE_SECRET,
        DATABASE_PATH: join(dir, 'x.sqlite'),
      },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/:\*\*\*@.*: 1 subscription\n#\d+ +slack +T1\/C1 +default +UTC +en +active/);
    expect(r.stdout).not.toContain('pw-not-shown');
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});
