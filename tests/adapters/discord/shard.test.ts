// Sharded mode: the ShardingManager starts one process per recommended shard, each running the compiled
// shard worker (the real adapter and bot) against the loopback stand-in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  recommendedShardCount,
  type ShardedHandle,
  startDiscordSharded,
} from '../../../adapters/discord/shard.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord } from '../../support/discord/fake-discord.js';
import { messageCreate, user } from '../../support/discord/payloads.js';

const saved = { ...process.env };
let fake: FakeDiscord | undefined;
let sharded: ShardedHandle | undefined;
afterEach(async () => {
  await sharded?.stop();
  await fake?.close();
  sharded = undefined;
  fake = undefined;
  // The ShardingManager writes to process.env; put it back for whatever runs next in this process.
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

function configFor(f: FakeDiscord) {
  return {
    token: f.token,
    applicationId: f.applicationId,
    guildId: undefined,
    apiUrl: f.apiUrl,
    sharding: 'auto' as const,
  };
}

describe('Discord sharded mode', () => {
  it('takes the shard count Discord recommends, asked through the configured API address', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 3 });
    expect(await recommendedShardCount(configFor(fake))).toBe(3);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('runs one shard process per recommended shard, each answering on its own connection', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 2 });
    // Shard processes read their configuration from the environment they inherit, as in production.
    Object.assign(process.env, {
      // Each shard opens the announcement database: keep it out of the repository.
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'optout-shard-')), 'bot.sqlite'),
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'error',
    });
    const logger = createMemoryLogger();
    sharded = await startDiscordSharded({
      config: configFor(fake),
      logger,
      workerFile: resolve('dist/app/discord-shard-worker.js'),
      spawnDelayMs: 0,
      readyTimeoutMs: 15_000,
    });
    expect(sharded.manager.shards.size).toBe(2);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);

    const dm = messageCreate(fake, { author: user(), content: 'how do I opt out?', guild: false });
    fake.dispatch('MESSAGE_CREATE', dm, 1);
    const answer = await fake.waitForCall((c) => c.path === `/channels/${dm.channel_id}/messages`, 5000);
    expect(answer.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(JSON.stringify(logger.lines)).not.toContain(fake.token);
  });

  it("with DISCORD_SHARDS, spawns only this host's shards, identifying with the configured total", async () => {
    fake = await FakeDiscord.start({ recommendedShards: 1 });
    Object.assign(process.env, {
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'optout-shard-')), 'bot.sqlite'),
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      // The worker inherits these too; the manager's shard ids for it must win over them.
      DISCORD_SHARDS: '1,2',
      DISCORD_SHARD_COUNT: '3',
      LOG_LEVEL: 'error',
    });
    sharded = await startDiscordSharded({
      config: { ...configFor(fake), shards: { ids: [1, 2], count: 3 } },
      logger: createMemoryLogger(),
      workerFile: resolve('dist/app/discord-shard-worker.js'),
      spawnDelayMs: 0,
      readyTimeoutMs: 15_000,
    });
    expect([...sharded.manager.shards.keys()]).toEqual([1, 2]);
    // The configured total, not the one shard Discord recommends; the two calls are the shards' logins.
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(fake.calls.filter((c) => c.path === '/gateway/bot').length).toBe(2);
  });
});
