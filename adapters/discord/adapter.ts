// Discord as a PlatformAdapter. This file stays light (no discord.js): the app's registry imports it at
// start-up in every mode, and discord.js is loaded only when Discord is configured and started.
import { CodedError } from '../../src/core/index.js';
import type { PlatformAdapter } from '../kit/index.js';
import { type DiscordConfig, discordEnv } from './env.js';

export interface DiscordPlatformOptions {
  /**
   * The script each shard process runs when DISCORD_SHARDING=auto: the app's entry point that builds a
   * bot and calls runDiscordShard. Without it, sharding is refused at start with a coded error.
   */
  shardWorker?: string;
}

/** For the "started" line: which shards this host runs, when it runs only part of them. */
function shardDetails(config: DiscordConfig): Record<string, unknown> {
  if (!config.shards) return {};
  const { ids, count } = config.shards;
  return { shards: ids.length, shardCount: count, answersDirectMessages: ids.includes(0) };
}

export function discordPlatform(opts: DiscordPlatformOptions = {}): PlatformAdapter<DiscordConfig> {
  return {
    name: 'discord',
    env: discordEnv,
    async start(config, ctx) {
      if (config.sharding === 'auto') {
        if (!opts.shardWorker) {
          throw new CodedError('discord_no_shard_worker', 'DISCORD_SHARDING=auto needs a shard entry point');
        }
        // Each shard process runs its own client, bot and /announce; this process manages them.
        const { startDiscordSharded } = await import('./shard.js');
        const sharded = await startDiscordSharded({
          config,
          logger: ctx.logger,
          health: ctx.health,
          workerFile: opts.shardWorker,
        });
        return { stop: sharded.stop, details: { sharding: 'auto', ...shardDetails(config) } };
      }
      const [{ startDiscord }, { createAnnounceCommand }] = await Promise.all([
        import('./run.js'),
        import('./announce-command.js'),
      ]);
      const discord = await startDiscord({
        config,
        bot: ctx.bot,
        logger: ctx.logger,
        clock: ctx.clock,
        health: ctx.health,
        cooldown: ctx.cooldown,
        state: ctx.state,
        databaseUrl: ctx.databaseUrl,
        insights: ctx.insights,
        announcements: ctx.announcements
          ? createAnnounceCommand({ voice: ctx.bot, announcements: ctx.announcements, logger: ctx.logger })
          : undefined,
      });
      return { stop: discord.stop, details: { sharding: 'off', ...shardDetails(config) } };
    },
    async poster(config, ctx) {
      const { createDiscordPoster } = await import('./announce-poster.js');
      const poster = createDiscordPoster({ config, logger: ctx.logger });
      return { poster, stop: async () => poster.destroy() };
    },
  };
}
