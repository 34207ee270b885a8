// The discord.js client the bot runs on: the three non-privileged intents it needs, and options tests and
// proxies can override.
import { Client, type ClientOptions, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { DiscordConfig } from './env.js';
import { defaultRestPolicy, restOptions } from './rest-policy.js';

/** Client options a caller may override (tests pass a no-wait identify throttler, for instance). */
export type ClientOverrides = Partial<Omit<ClientOptions, 'intents'>>;

export function createDiscordClient(config: DiscordConfig, overrides: ClientOverrides = {}): Client {
  return new Client({
    // Guilds caches the channels mentions arrive in; GuildMessages and DirectMessages deliver the messages.
    // Message Content is privileged and not needed: mentions and DMs arrive with their text anyway.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are never in the cache when their first message arrives; without this it is dropped.
    partials: [Partials.Channel],
    // The bot never looks a message up again, so keeping 200 per channel would only cost memory at scale.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    // A second line of defence behind each payload's own empty allowed mentions.
    allowedMentions: { parse: [], repliedUser: false },
    // This host's part of the bot's shards (DISCORD_SHARDS of DISCORD_SHARD_COUNT); otherwise all of them.
    ...(config.shards ? { shards: config.shards.ids, shardCount: config.shards.count } : {}),
    ...overrides,
    // Timeouts and no retries of its own: rest-policy.ts bounds them around every request instead.
    rest: {
      ...restOptions(defaultRestPolicy),
      ...overrides.rest,
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
    },
  });
}
