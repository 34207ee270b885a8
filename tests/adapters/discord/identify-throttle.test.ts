// The identify throttle the bot's hosts share, on the real test PostgreSQL: each pool below is one host.
// Identifies in one bucket are spaced by the window across hosts, other buckets go at once, an aborted wait
// ends at once, and a database that does not answer falls back to the in-memory throttle, bounded.
import type { IIdentifyThrottler } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IDENTIFY_SCOPE, identifyMigrations } from '../../../adapters/discord/identify-slots.js';
import {
  IDENTIFY_MARGIN_MS,
  IDENTIFY_WINDOW_MS,
  openSharedIdentify,
  SharedIdentifyThrottler,
} from '../../../adapters/discord/identify-throttle.js';
import { startDiscord } from '../../../adapters/discord/run.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { migrate, openPostgres, type Pool } from '../../../src/storage/index.js';
import { FakeDiscord, fakeDiscordConfig } from '../../support/discord/fake-discord.js';
import { realBot } from '../../support/discord/harness.js';
import { RecordingHealth } from '../../support/discord/recording-health.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';

const APP = '123456789012345678';
const WINDOW = 1_500;
/** Well inside a window: what "did not wait" means on a loaded machine. */
const AT_ONCE = WINDOW / 2;

describe('the identify window', () => {
  test("is Discord's 5 seconds unless a test says otherwise", () => {
    expect(IDENTIFY_WINDOW_MS).toBe(5_000);
  });
});

describe('a DATABASE_URL that cannot be used', () => {
  test('stops the Discord start with database_unusable, naming the variable without the password', async () => {
    const fake = await FakeDiscord.start();
    const health = new RecordingHealth();
    try {
      const start = startDiscord({
        config: fakeDiscordConfig(fake),
        bot: realBot(),
        logger: createMemoryLogger(),
        health,
        // Nothing listens on port 1 of loopback: the connection is refused at once.
        databaseUrl: 'postgres://bot:hunter2@127.0.0.1:1/optout',
      });
      await expect(start).rejects.toMatchObject({ code: 'database_unusable' });
      await expect(start).rejects.toThrow(/DATABASE_URL=postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/optout/);
      expect(JSON.stringify(health.reports)).not.toContain('hunter2');
      expect(health.reports.at(-1)).toMatchObject({ state: 'down' });
      // It never reached the gateway: no identify without the throttle it was told to use.
      expect(fake.identifies).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describePostgres('shared identify throttle', () => {
  let db: TestDatabase;
  const pools: Pool[] = [];
  beforeAll(async () => {
    db = await createDatabase('identify');
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end().catch(() => {});
    await db.drop();
  });

  /** One host: its own pool on the shared database, migrated (once, whoever is first). */
  async function host(statementTimeoutMs = 3_000): Promise<Pool> {
    const pool = await openPostgres(db.url, { statementTimeoutMs });
    pools.push(pool);
    await migrate(pool, IDENTIFY_SCOPE, identifyMigrations);
    return pool;
  }

  function throttler(
    pool: Pool,
    opts: Partial<ConstructorParameters<typeof SharedIdentifyThrottler>[0]> = {},
  ) {
    return new SharedIdentifyThrottler({
      pool,
      applicationId: opts.applicationId ?? APP,
      maxConcurrency: 2,
      logger: createMemoryLogger(),
      windowMs: WINDOW,
      ...opts,
    });
  }

  /** When (ms on this clock) each wait resolved. */
  async function timed(waits: Array<() => Promise<void>>): Promise<number[]> {
    return Promise.all(
      waits.map(async (wait) => {
        await wait();
        return performance.now();
      }),
    );
  }

  test('two hosts racing for one bucket are spaced by at least the window, in turn', async () => {
    const [a, b] = [
      throttler(await host(), { applicationId: 'race' }),
      throttler(await host(), { applicationId: 'race' }),
    ];
    const signal = new AbortController().signal;
    const start = performance.now();
    // Shards 0, 2 and 4 share bucket 0 when max_concurrency is 2.
    const times = await timed([
      () => a.waitForIdentify(0, signal),
      () => b.waitForIdentify(2, signal),
      () => a.waitForIdentify(4, signal),
    ]);
    const [first = NaN, second = NaN, third = NaN] = [...times].sort((x, y) => x - y);
    expect(first - start).toBeLessThan(AT_ONCE);
    // Measured where the waits end, later than the database's clock by a varying delay: the margin
    // keeps even that a full window apart.
    expect(second - first).toBeGreaterThanOrEqual(WINDOW);
    expect(third - second).toBeGreaterThanOrEqual(WINDOW);
    // Three identifies need two spacings, not more: nobody waited a round for nothing.
    expect(third - start).toBeLessThan(3 * (WINDOW + IDENTIFY_MARGIN_MS));
  });

  test("different buckets do not wait on each other's identifies", async () => {
    const [a, b] = [
      throttler(await host(), { applicationId: 'buckets' }),
      throttler(await host(), { applicationId: 'buckets' }),
    ];
    const signal = new AbortController().signal;
    const start = performance.now();
    // Bucket 0 then bucket 1, from two hosts: neither waits for the other.
    const times = await timed([() => a.waitForIdentify(0, signal), () => b.waitForIdentify(1, signal)]);
    for (const t of times) expect(t - start).toBeLessThan(AT_ONCE);
    // Bucket 0 is now taken for a window: the next identify there waits.
    const [later = NaN] = await timed([() => b.waitForIdentify(2, signal)]);
    expect(later - start).toBeGreaterThanOrEqual(WINDOW);
  });

  test('another bot on the same database has buckets of its own', async () => {
    const pool = await host();
    const signal = new AbortController().signal;
    await throttler(pool, { applicationId: 'bot-one' }).waitForIdentify(0, signal);
    const start = performance.now();
    await throttler(pool, { applicationId: 'bot-two' }).waitForIdentify(0, signal);
    expect(performance.now() - start).toBeLessThan(AT_ONCE);
  });

  test('an aborted wait rejects at once with the signal reason, long before its slot', async () => {
    const pool = await host();
    const t = throttler(pool, { applicationId: 'abort', windowMs: 5_000 });
    await t.waitForIdentify(0, new AbortController().signal);
    const controller = new AbortController();
    const waiting = t.waitForIdentify(2, controller.signal);
    const reason = new Error('shard closed');
    setTimeout(() => controller.abort(reason), 100);
    const start = performance.now();
    await expect(waiting).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  test('a wait aborted while the database is stuck returns at once too', async () => {
    const pool = await host();
    const locker = await pool.connect();
    try {
      await throttler(pool, { applicationId: 'stuck' }).waitForIdentify(0, new AbortController().signal);
      // Another transaction holds the bucket's row: the reservation blocks on its lock.
      await locker.query('BEGIN');
      await locker.query("SELECT * FROM discord_identify_buckets WHERE application_id = 'stuck' FOR UPDATE");
      const controller = new AbortController();
      const t = throttler(pool, { applicationId: 'stuck', callTimeoutMs: 10_000 });
      const waiting = t.waitForIdentify(0, controller.signal);
      setTimeout(() => controller.abort(new Error('gone')), 150);
      const start = performance.now();
      await expect(waiting).rejects.toThrow('gone');
      expect(performance.now() - start).toBeLessThan(1_000);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
  });

  test('a database that does not answer in time falls back to the in-memory throttle, logged', async () => {
    const pool = await host();
    const locker = await pool.connect();
    const fellBack: number[] = [];
    const fallback: IIdentifyThrottler = {
      async waitForIdentify(shardId) {
        fellBack.push(shardId);
      },
    };
    const logger = createMemoryLogger();
    try {
      await throttler(pool, { applicationId: 'slow' }).waitForIdentify(1, new AbortController().signal);
      await locker.query('BEGIN');
      await locker.query("SELECT * FROM discord_identify_buckets WHERE application_id = 'slow' FOR UPDATE");
      const t = throttler(pool, { applicationId: 'slow', callTimeoutMs: 150, attempts: 2, fallback, logger });
      const start = performance.now();
      await t.waitForIdentify(3, new AbortController().signal);
      const took = performance.now() - start;
      expect(fellBack).toEqual([3]);
      // Two bounded attempts and one pause between them, not the statement timeout.
      expect(took).toBeGreaterThanOrEqual(2 * 150);
      expect(took).toBeLessThan(2_500);
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ code: 'discord_identify_throttle_unavailable', bucket: 1, attempts: 2 }),
      );
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
  });

  test('the builder reads max_concurrency as discord.js gives it and opens its table on a fresh database', async () => {
    const fresh = await createDatabase('identify_open');
    const shared = await openSharedIdentify({
      databaseUrl: fresh.url,
      applicationId: APP,
      logger: createMemoryLogger(),
      windowMs: WINDOW,
    });
    try {
      const gateway = {
        fetchGatewayInformation: async () => ({ session_start_limit: { max_concurrency: 3 } }),
      };
      const t = await shared.build(gateway);
      expect(await shared.build(gateway)).toBe(t);
      const signal = new AbortController().signal;
      const start = performance.now();
      // Shards 0, 1 and 2 are three buckets when max_concurrency is 3; shard 3 is bucket 0 again.
      await Promise.all([0, 1, 2].map((s) => t.waitForIdentify(s, signal)));
      expect(performance.now() - start).toBeLessThan(AT_ONCE);
      await t.waitForIdentify(3, signal);
      expect(performance.now() - start).toBeGreaterThanOrEqual(WINDOW);
    } finally {
      await shared.close();
      await fresh.drop();
    }
  });
});
