// Starts one Discord client (all of this process's shards): slash commands with autocomplete, @mentions and
// DMs, answered by the core's Bot.

import type { Client } from 'discord.js';
import {
  type Bot,
  type Clock,
  type Logger,
  noHealth,
  type PlatformHealth,
  type SharedState,
  systemClock,
} from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import { type ClientOverrides, createDiscordClient } from './client.js';
import { builtInCommands, type DiscordCommand } from './commands.js';
import { type CooldownOptions, createHandlerContext } from './context.js';
import { guardDispatches } from './dispatch-guard.js';
import type { DiscordConfig } from './env.js';
import { attachHandlers } from './events.js';
import { openSharedIdentify, type SharedIdentify } from './identify-throttle.js';
import { watchLifecycle } from './lifecycle.js';
import { applyRestPolicy } from './rest-policy.js';
import { loginUntilReady, readyTimeoutFor } from './start.js';

export interface StartDiscordOptions {
  config: DiscordConfig;
  bot: Bot;
  logger: Logger;
  clock?: Clock;
  /** Overrides for the discord.js client (tests: a no-wait identify throttler). */
  clientOptions?: ClientOverrides;
  /** The /announce command, supplied by the announcements feature when it is enabled. */
  announcements?: DiscordCommand;
  cooldown?: CooldownOptions;
  /** Where the cooldown counts: the app's shared state (several hosts), or this process's memory. */
  state?: SharedState | undefined;
  /** How long async command work may run before the reply is deferred (default 1.5 s). */
  deferAfterMs?: number;
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
  /** How long login and the first READY may take before start-up fails (default 30 s). */
  readyTimeoutMs?: number;
  /**
   * PostgreSQL shared by every host of the bot (DATABASE_URL): identifies are spaced there across hosts.
   * Without it, discord.js's in-memory throttle spaces this process's identifies only.
   */
  databaseUrl?: string | undefined;
  /** Counting answers and 👍 / 👎 votes; without it answers have no vote buttons. */
  insights?: Insights | undefined;
}

export interface DiscordHandle {
  client: Client;
  stop(): Promise<void>;
}

/** The shared identify throttle when a database is configured; a database that cannot be used stops start-up. */
async function openIdentify(
  opts: StartDiscordOptions,
  health: PlatformHealth,
): Promise<SharedIdentify | undefined> {
  if (!opts.databaseUrl) return undefined;
  try {
    return await openSharedIdentify({
      databaseUrl: opts.databaseUrl,
      applicationId: opts.config.applicationId,
      logger: opts.logger,
    });
  } catch (error) {
    health.down(error instanceof Error ? error.message : 'the identify database cannot be used');
    throw error;
  }
}

/** Log in, wait until the client is ready (guilds cached), and answer until stop(). */
export async function startDiscord(opts: StartDiscordOptions): Promise<DiscordHandle> {
  const clock = opts.clock ?? systemClock;
  const announce = opts.announcements ? [opts.announcements] : [];
  const ctx = createHandlerContext({
    bot: opts.bot,
    logger: opts.logger,
    clock,
    commands: (feedback) => [...builtInCommands(opts.bot, feedback), ...announce],
    cooldown: opts.cooldown,
    state: opts.state,
    deferAfterMs: opts.deferAfterMs,
    insights: opts.insights,
  });
  const health = opts.health ?? noHealth;
  const shared = await openIdentify(opts, health);
  const client = createDiscordClient(opts.config, {
    ...(shared ? { ws: { buildIdentifyThrottler: (manager) => shared.build(manager) } } : {}),
    ...opts.clientOptions,
  });
  applyRestPolicy(client.rest, opts.logger);
  guardDispatches(client, opts.logger);
  attachHandlers(client, ctx);

  const lifecycle = watchLifecycle(client, health, opts.logger);
  try {
    await loginUntilReady(client, {
      token: opts.config.token,
      health,
      logger: opts.logger,
      lifecycle,
      timeoutMs: opts.readyTimeoutMs ?? readyTimeoutFor(opts.config),
    });
  } catch (error) {
    await shared?.close().catch(() => {});
    throw error;
  }
  const shardIds = [...client.ws.shards.keys()];
  opts.logger.info('discord ready', {
    guilds: client.guilds.cache.size,
    shards: client.ws.shards.size,
    ...(opts.config.shards ? { shardIds, shardCount: opts.config.shards.count } : {}),
    identifyThrottle: shared ? 'postgres' : 'memory',
    commands: ctx.commands.size,
  });
  // Discord delivers every direct message on shard 0: a host without it answers none.
  if (opts.config.shards && !shardIds.includes(0)) {
    opts.logger.info('discord direct messages are answered by the host running shard 0, not this one');
  }
  return {
    client,
    async stop() {
      await client.destroy();
      await shared?.close().catch(() => {});
      // After destroy: closing the gateway emits a reconnecting event, which would read as degraded.
      health.down('Discord adapter stopped');
      opts.logger.info('discord stopped');
    },
  };
}
