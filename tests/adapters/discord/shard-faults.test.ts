// Sharded mode under fatal gateway closes (issue 9, finding 3): a shard process that Discord refuses for
// good must turn the manager's health fatal, and must not be respawned into the same refusal forever.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStartError } from '../../../adapters/discord/errors.js';
import { type ShardedHandle, startDiscordSharded } from '../../../adapters/discord/shard.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord, type FakeDiscordOptions } from '../../support/discord/fake-discord.js';
import { RecordingHealth } from '../../support/discord/recording-health.js';

const saved = { ...process.env };
let fake: FakeDiscord | undefined;
let sharded: ShardedHandle | undefined;
afterEach(async () => {
  await sharded?.stop();
  await fake?.close();
  sharded = undefined;
  fake = undefined;
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(20);
  }
}

async function start(options: FakeDiscordOptions, token?: string) {
  fake = await FakeDiscord.start(options);
  Object.assign(process.env, {
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'optout-shard-')), 'bot.sqlite'),
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: 'error',
  });
  const health = new RecordingHealth();
  const logger = createMemoryLogger();
  const started = startDiscordSharded({
    config: {
      token: token ?? fake.token,
      applicationId: fake.applicationId,
      guildId: undefined,
      apiUrl: fake.apiUrl,
      sharding: 'auto',
    },
    logger,
    health,
    workerFile: resolve('dist/app/discord-shard-worker.js'),
    spawnDelayMs: 0,
    readyTimeoutMs: 15_000,
  });
  return { started, health, logger };
}

describe('Discord sharded mode, fatal closes', () => {
  it('reports up once every shard is ready, and down (not fatal) once stopped', async () => {
    const { started, health } = await start({ recommendedShards: 2 });
    sharded = await started;
    await until(() => health.last?.state === 'up', 3000);
    expect(health.fatal).toEqual([]);
    await sharded.stop();
    sharded = undefined;
    expect(health.last).toEqual({ state: 'down', reason: 'Discord shards stopped', fatal: false });
  });

  it('fails start-up with a coded error naming the intents when shards are refused with 4014, without respawning', async () => {
    const { started, health } = await start({ recommendedShards: 2, identifyCloseCode: 4014 });
    const error = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiscordStartError);
    expect(error).toMatchObject({
      code: 'discord_start_failed',
      message: expect.stringMatching(/4014.*intents/),
    });
    expect(health.fatal).toEqual([
      { state: 'down', fatal: true, reason: expect.stringMatching(/^shard 0: .*Developer Portal/) },
    ]);
    const connections = fake?.connections;
    await pause(2000);
    expect(fake?.connections).toBe(connections);
    expect(connections).toBe(1);
  });

  it('turns fatal when the token is revoked while running (4004), and does not respawn the shards', async () => {
    const { started, health } = await start({ recommendedShards: 2 });
    sharded = await started;
    const connections = fake?.connections ?? 0;
    fake?.dropConnections(4004);
    await until(() => health.fatal.length > 0, 5000);
    expect(health.fatal[0]?.reason).toMatch(/^shard \d: .*DISCORD_TOKEN/);
    const manager = sharded.manager;
    await until(() => [...manager.shards.values()].every((s) => !s.process), 5000);
    await pause(1500);
    expect(fake?.connections).toBe(connections);
    expect(health.fatal).toHaveLength(1);
  });

  it('fails start-up naming DISCORD_TOKEN when the shard count request is refused', async () => {
    const { started, health } = await start({}, 'wrong-token');
    await expect(started).rejects.toMatchObject({
      code: 'discord_start_failed',
      message: expect.stringMatching(/DISCORD_TOKEN/),
    });
    expect(health.fatal).toHaveLength(1);
  });
});
