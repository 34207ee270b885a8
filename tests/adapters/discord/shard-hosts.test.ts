// Shards spread over hosts: two real `npm start` processes (the built dist/app/main.js) with disjoint
// DISCORD_SHARDS of one DISCORD_SHARD_COUNT, against one stand-in gateway that enforces max_concurrency
// the way Discord does (an identify within 5 s of the previous one in its bucket is closed with 4008).
// With a shared PostgreSQL the hosts space their identifies per bucket and every shard connects once;
// without it each host spaces only its own, and the gateway refuses one (the control: the limit is real).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type MainProcess, startMain } from '../../support/bot-child.js';
import { FakeDiscord } from '../../support/discord/fake-discord.js';
import { messageCreate, user } from '../../support/discord/payloads.js';
import { createDatabase, describePostgres } from '../../support/postgres/database.js';

const WINDOW = 5_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startHost(fake: FakeDiscord, shards: string, extra: Record<string, string>): MainProcess {
  const main = startMain({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_SHARDS: shards,
    DISCORD_SHARD_COUNT: '4',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'optout-shard-host-')), 'bot.sqlite'),
    ...extra,
  });
  cleanups.push(async () => {
    if (main.child.exitCode !== null) return;
    main.child.kill('SIGTERM');
    const exited = await Promise.race([main.exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (!exited) {
      main.child.kill('SIGKILL');
      await main.exited;
    }
  });
  return main;
}

async function gateway(identifyWindowMs = WINDOW): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start({
    recommendedShards: 4,
    maxConcurrency: 2,
    enforceIdentifyLimit: true,
    identifyWindowMs,
  });
  cleanups.push(() => fake.close());
  return fake;
}

const SECRET = 'shard-hosts-test-secret-0123456789abcdef';

describePostgres('Discord shards over two hosts', () => {
  it('with a shared database: identifies spaced per bucket across hosts, each shard once, none refused', async () => {
    const fake = await gateway();
    const db = await createDatabase('shards');
    cleanups.push(() => db.drop());
    const hostA = startHost(fake, '0-1', { DATABASE_URL: db.url, STATE_SECRET: SECRET });
    const hostB = startHost(fake, '2,3', { DATABASE_URL: db.url, STATE_SECRET: SECRET });
    const [readyA, readyB] = await Promise.all([
      hostA.logged('discord ready', 25_000),
      hostB.logged('discord ready', 25_000),
    ]);
    expect(readyA).toMatchObject({ shardIds: [0, 1], shardCount: 4, identifyThrottle: 'postgres' });
    expect(readyB).toMatchObject({ shardIds: [2, 3], shardCount: 4, identifyThrottle: 'postgres' });

    const limit = fake.identifyLimit;
    expect(limit.rejected).toEqual([]);
    expect(limit.attempts.map((a) => a.shard).sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(limit.attempts.map((a) => a.shardCount))).toEqual(new Set([4]));
    // Buckets {0, 2} and {1, 3}: in each, the second identify came a window after the first.
    const gaps = limit.gapsPerBucket();
    expect([...gaps.keys()].sort()).toEqual([0, 1]);
    for (const [, bucketGaps] of gaps) {
      expect(bucketGaps).toHaveLength(1);
      expect(bucketGaps[0]).toBeGreaterThanOrEqual(WINDOW);
    }
    // The two buckets went side by side: the first identify of each is not a window apart. Which host's
    // shard is first in a bucket depends on which host started first, so take each bucket's own first.
    const firstIn = (bucket: number) => limit.attempts.find((a) => a.bucket === bucket)?.at;
    expect(Math.abs((firstIn(0) ?? 0) - (firstIn(1) ?? Infinity))).toBeLessThan(WINDOW);
    expect(fake.connections).toBe(4);

    // Direct messages arrive on shard 0 only: the host running it answers.
    expect(await hostB.logged('discord adapter started')).toMatchObject({
      shards: 2,
      shardCount: 4,
      answersDirectMessages: false,
    });
    await hostB.logged('discord direct messages are answered by the host running shard 0, not this one');
    const dm = messageCreate(fake, { author: user(), content: 'how do I opt out?', guild: false });
    fake.dispatch('MESSAGE_CREATE', dm, 0);
    const answer = await fake.waitForCall((c) => c.path === `/channels/${dm.channel_id}/messages`, 10_000);
    expect(answer.method).toBe('POST');
  }, 40_000);
});

it('the control: without a shared database two hosts collide in a bucket and the gateway refuses one', async () => {
  // A longer window than Discord's, so the hosts collide even if one of them starts seconds later.
  const fake = await gateway(15_000);
  startHost(fake, '0-1', {});
  startHost(fake, '2-3', {});
  const deadline = Date.now() + 20_000;
  while (fake.identifyLimit.rejected.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const { attempts, rejected } = fake.identifyLimit;
  expect(rejected.length).toBeGreaterThan(0);
  // Each refusal followed, within the window, an accepted identify of the other host's shard in its bucket.
  for (const refused of rejected) {
    const before = attempts.filter(
      (a) => !a.rejected && a.bucket === refused.bucket && a.at <= refused.at && refused.at - a.at < 15_000,
    );
    expect(before.some((a) => a.shard !== refused.shard)).toBe(true);
  }
}, 30_000);
