// Sharded start mode (DISCORD_SHARDING=auto) for bots in thousands of servers. Discord requires one gateway
// connection per ~2,500 servers; discord.js's ShardingManager runs each shard in its own process, each
// running the app's shard entry point with the shard ids passed in its environment.

import { DiscordAPIError, REST, Routes, type Shard, ShardingManager } from 'discord.js';
import { z } from 'zod';
import { type Logger, noHealth, type PlatformHealth } from '../../src/core/index.js';
import { errorFields } from './context.js';
import type { DiscordConfig } from './env.js';
import { DiscordStartError } from './errors.js';
import { FATAL_EXIT_CODE, foldShardHealth, parseShardReport, type ShardHealthFold } from './shard-health.js';
import { readyTimeoutFor } from './start.js';

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
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new DiscordStartError(
        'discord_start_failed',
        'Discord rejected DISCORD_TOKEN (HTTP 401, invalid token) when asked for the shard count. Put the ' +
          'current bot token (Developer Portal, Bot, Reset Token) in DISCORD_TOKEN.',
        { cause: error },
      );
    }
    throw error;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

export interface StartShardedOptions {
  config: DiscordConfig;
  logger: Logger;
  /** The script each shard runs: the app's shard entry point, which builds a client with startDiscord. */
  workerFile: string;
  /** Pause between starting shards; Discord allows one identify per 5 s per bucket (default 5.5 s). */
  spawnDelayMs?: number;
  /** How long one shard may take to become ready (default 30 s, more with a shard range: readyTimeoutFor). */
  readyTimeoutMs?: number;
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
}

export interface ShardedHandle {
  manager: ShardingManager;
  stop(): Promise<void>;
}

/** The exit code of a shard's process, whichever kind it is. */
function exitCode(child: unknown): number | null | undefined {
  const parsed = z.object({ exitCode: z.number().nullable() }).safeParse(child);
  return parsed.success ? parsed.data.exitCode : undefined;
}

function watchShard(shard: Shard, manager: ShardingManager, fold: ShardHealthFold, logger: Logger): void {
  shard.on('message', (message: unknown) => {
    const report = parseShardReport(message);
    if (!report) return;
    // Respawning a shard that is down for good would only fail the same way, over and over.
    if (report.state === 'down' && report.fatal) manager.respawn = false;
    fold.report(shard.id, report);
  });
  shard.on('death', (child) => {
    const code = exitCode(child);
    const fatal = code === FATAL_EXIT_CODE;
    if (fatal) manager.respawn = false;
    logger.warn('discord shard process exited', { shard: shard.id, exitCode: code, fatal });
    fold.died(shard.id, fatal);
  });
  // A respawn that fails is emitted as 'error'; unheard, it would end the manager's process.
  shard.on('error', (error) =>
    logger.error('discord shard error', { shard: shard.id, ...errorFields(error) }),
  );
}

async function stopShards(manager: ShardingManager): Promise<void> {
  manager.respawn = false;
  // Shard#kill throws for a shard whose process has already gone (it reaches for a null worker).
  const live = [...manager.shards.values()].filter((shard) => shard.process);
  const exits = live.map(
    (shard) => new Promise<void>((resolve) => shard.process?.once('exit', () => resolve()) ?? resolve()),
  );
  for (const shard of live) {
    // A stop is not a death to report: kill() emits 'death' too.
    shard.removeAllListeners('death');
    shard.kill();
  }
  await Promise.all(exits);
}

/** Resolves when `check` holds or after `ms`, whichever is first. */
async function waitUntil(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export async function startDiscordSharded(opts: StartShardedOptions): Promise<ShardedHandle> {
  const { config, logger } = opts;
  const health = opts.health ?? noHealth;
  let totalShards: number;
  try {
    // A host running part of the shards (DISCORD_SHARDS) takes the configured total: every host must agree.
    totalShards = config.shards?.count ?? (await recommendedShardCount(config));
  } catch (error) {
    if (error instanceof DiscordStartError) health.down(error.message, { fatal: true });
    throw error;
  }
  const shardList = config.shards?.ids ?? [...Array(totalShards).keys()];
  const workerFile = opts.workerFile;
  // The manager hands the token to the shards through their environment, never on a command line.
  const manager = new ShardingManager(workerFile, {
    token: config.token,
    totalShards,
    shardList,
    respawn: true,
  });
  const fold = foldShardHealth(health, shardList.length);
  manager.on('shardCreate', (shard) => {
    logger.info('discord shard starting', { shard: shard.id, totalShards, hostShards: shardList.length });
    watchShard(shard, manager, fold, logger);
  });
  try {
    await manager.spawn({
      amount: totalShards,
      delay: opts.spawnDelayMs ?? 5_500,
      timeout: opts.readyTimeoutMs ?? readyTimeoutFor(config),
    });
  } catch (error) {
    // discord.js rejects the spawn on the shard's own disconnect notice, which overtakes the shard's
    // health report of why; give that report a moment to arrive so the error can say what to fix.
    await waitUntil(() => fold.fatalReason() !== undefined, 1_000);
    await stopShards(manager);
    const reason = fold.fatalReason();
    const failure = new DiscordStartError(
      'discord_start_failed',
      reason ?? "A Discord shard did not become ready; see the shard processes' logs.",
      { cause: error },
    );
    logger.error('discord start failed', { code: failure.code, ...errorFields(error) });
    // Without a fatal report from a shard (a timeout, a crash), a later start may work.
    if (!reason) health.down(failure.message);
    throw failure;
  }
  logger.info('discord shards ready', { totalShards, hostShards: shardList.length });
  return {
    manager,
    async stop() {
      await stopShards(manager);
      health.down('Discord shards stopped');
    },
  };
}
