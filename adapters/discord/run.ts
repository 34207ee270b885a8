// Starts one Discord client (all of this process's shards): slash commands with autocomplete, @mentions and
// DMs, answered by the core's Bot.

import type { Client } from 'discord.js';
import {
  type Bot,
  type Clock,
  type Logger,
  noHealth,
  type PlatformHealth,
  systemClock,
} from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import { type ClientOverrides, createDiscordClient } from './client.js';
import { builtInCommands, type DiscordCommand } from './commands.js';
import { type CooldownOptions, createHandlerContext } from './context.js';
import { guardDispatches } from './dispatch-guard.js';
import type { DiscordConfig } from './env.js';
import { attachHandlers } from './events.js';
import { watchLifecycle } from './lifecycle.js';
import { applyRestPolicy } from './rest-policy.js';
import { DEFAULT_READY_TIMEOUT_MS, loginUntilReady } from './start.js';

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
  /** How long async command work may run before the reply is deferred (default 1.5 s). */
  deferAfterMs?: number;
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
  /** How long login and the first READY may take before start-up fails (default 30 s). */
  readyTimeoutMs?: number;
  /** Counting answers and 👍 / 👎 votes; without it answers have no vote buttons. */
  insights?: Insights | undefined;
}

export interface DiscordHandle {
  client: Client;
  stop(): Promise<void>;
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
    deferAfterMs: opts.deferAfterMs,
    insights: opts.insights,
  });
  const client = createDiscordClient(opts.config, opts.clientOptions);
  applyRestPolicy(client.rest, opts.logger);
  guardDispatches(client, opts.logger);
  attachHandlers(client, ctx);

  const health = opts.health ?? noHealth;
  const lifecycle = watchLifecycle(client, health, opts.logger);
  await loginUntilReady(client, {
    token: opts.config.token,
    health,
    logger: opts.logger,
    lifecycle,
    timeoutMs: opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  });
  opts.logger.info('discord ready', {
    guilds: client.guilds.cache.size,
    shards: client.ws.shards.size,
    commands: ctx.commands.size,
  });
  return {
    client,
    async stop() {
      await client.destroy();
      // After destroy: closing the gateway emits a reconnecting event, which would read as degraded.
      health.down('Discord adapter stopped');
      opts.logger.info('discord stopped');
    },
  };
}
