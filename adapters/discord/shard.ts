// Sharded start mode (DISCORD_SHARDING=auto) for bots in thousands of servers. Discord requires one gateway
// connection per ~2,500 servers; discord.js's ShardingManager runs each shard in its own process, each
// running shard-worker.js with the shard ids passed in its environment.
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import { z } from 'zod';
import type { DiscordConfig } from '../../src/config.js';
import type { PlatformHealth } from '../../src/health.js';
import type { Logger } from '../../src/log.js';

/** The part of GET /gateway/bot read here. */
const gatewayBot = z.object({ shards: z.number() });

/**
 * The shard count Discord recommends for this bot. ShardingManager's own 'auto' always asks discord.com;
 * asking through a REST client here honours DISCORD_API_URL like the rest of the adapter.
 */
export async function recommendedShardCount(config: DiscordConfig): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  try {
    const { shards } = gatewayBot.parse(await rest.get(Routes.gatewayBot()));
    return Math.max(1, Math.floor(shards));
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

export interface StartShardedOptions {
  config: DiscordConfig;
  logger: Logger;
  /** The script each shard runs; the compiled shard-worker.js next to this file by default. */
  workerFile?: string;
  /** Pause between starting shards; Discord allows one identify per 5 s per bucket (default 5.5 s). */
  spawnDelayMs?: number;
  /** How long one shard may take to become ready (default 30 s). */
  readyTimeoutMs?: number;
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
}

export interface ShardedHandle {
  manager: ShardingManager;
  stop(): Promise<void>;
}

export async function startDiscordSharded(opts: StartShardedOptions): Promise<ShardedHandle> {
  const { config, logger } = opts;
  const totalShards = await recommendedShardCount(config);
  const workerFile = opts.workerFile ?? fileURLToPath(new URL('./shard-worker.js', import.meta.url));
  // The manager hands the token to the shards through their environment, never on a command line.
  const manager = new ShardingManager(workerFile, { token: config.token, totalShards, respawn: true });
  manager.on('shardCreate', (shard) => {
    logger.info('discord shard starting', { shard: shard.id, totalShards });
    shard.on('death', () => logger.warn('discord shard process exited', { shard: shard.id }));
  });
  await manager.spawn({
    amount: totalShards,
    delay: opts.spawnDelayMs ?? 5_500,
    timeout: opts.readyTimeoutMs ?? 30_000,
  });
  logger.info('discord shards ready', { totalShards });
  return {
    manager,
    async stop() {
      manager.respawn = false;
      const exits = [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) =>
            shard.process ? shard.process.once('exit', () => resolve()) : resolve(),
          ),
      );
      for (const shard of manager.shards.values()) shard.kill();
      await Promise.all(exits);
    },
  };
}
