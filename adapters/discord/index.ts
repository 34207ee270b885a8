// The Discord adapter's public face: its PlatformAdapter, env preset and operator tools. Everything else in
// this folder is the adapter's own (client, handlers, rendering, sharding, the announcement poster).
export { type DiscordPlatformOptions, discordPlatform } from './adapter.js';
export { type DiscordConfig, discordEnv } from './env.js';
export {
  type Registered,
  registerDiscordCommands,
  runDiscordShard,
  type ShardProcessOptions,
} from './tools.js';
