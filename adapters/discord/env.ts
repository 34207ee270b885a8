// Discord's variables (its env preset): validated once by the app together with every other preset.
import { z } from 'zod';
import { defineEnv, httpUrl, optionalText, secret } from '../kit/index.js';
import {
  type DiscordShards,
  expandShards,
  shardCountField,
  shardListField,
  shardListProblem,
} from './shard-list.js';

export type { DiscordShards } from './shard-list.js';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string | undefined;
  sharding: 'off' | 'auto';
  /**
   * The shards this host runs out of the bot's total (DISCORD_SHARDS of DISCORD_SHARD_COUNT); undefined
   * runs them all, as many as Discord recommends.
   */
  shards?: DiscordShards | undefined;
}

const snowflake = optionalText.pipe(
  z
    .string()
    .regex(/^\d{15,21}$/, 'must be a Discord id (15-21 digits)')
    .optional(),
);

export const discordEnv = defineEnv({
  shape: {
    DISCORD_TOKEN: secret,
    DISCORD_APPLICATION_ID: snowflake,
    DISCORD_GUILD_ID: snowflake,
    DISCORD_API_URL: httpUrl('DISCORD_API_URL'),
    /** `auto` runs the client under discord.js's ShardingManager with the recommended shard count. */
    DISCORD_SHARDING: optionalText.pipe(z.enum(['off', 'auto']).default('off')),
    /** This host's shards (`0-7`, `0,2,5`, `3`) when the bot's shards are spread over several hosts. */
    DISCORD_SHARDS: shardListField,
    /** The bot's shard total across every host; alone, this host runs all of them. */
    DISCORD_SHARD_COUNT: shardCountField,
  },
  check(env, problem) {
    if (env.DISCORD_APPLICATION_ID && !env.DISCORD_TOKEN) {
      problem('DISCORD_TOKEN', 'is required when Discord is configured');
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      problem('DISCORD_APPLICATION_ID', 'is required when DISCORD_TOKEN is set');
    }
    if (env.DISCORD_SHARDS && env.DISCORD_SHARD_COUNT === undefined) {
      problem('DISCORD_SHARDS', 'needs DISCORD_SHARD_COUNT (the shard total across all hosts)');
    }
    if (env.DISCORD_SHARDS && env.DISCORD_SHARD_COUNT !== undefined) {
      const wrong = shardListProblem(env.DISCORD_SHARDS, env.DISCORD_SHARD_COUNT);
      if (wrong) problem('DISCORD_SHARDS', wrong);
    }
  },
  read(env): DiscordConfig | undefined {
    if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) return undefined;
    return {
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      guildId: env.DISCORD_GUILD_ID,
      apiUrl: env.DISCORD_API_URL,
      sharding: env.DISCORD_SHARDING,
      shards:
        env.DISCORD_SHARD_COUNT === undefined
          ? undefined
          : expandShards(env.DISCORD_SHARDS, env.DISCORD_SHARD_COUNT),
    };
  },
  // Bot tokens are three base64url parts; they also travel as "Bot <token>" headers.
  secrets: [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, /\bBot [A-Za-z0-9._-]{20,}/g],
});
