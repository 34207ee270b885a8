// The Discord adapter's public face: its PlatformAdapter, env preset and operator tools. Everything else in
// this folder is the adapter's own (client, handlers, rendering, sharding, the announcement poster).
export { type DiscordPlatformOptions, discordPlatform } from './adapter.js';
export { discordMessages } from './catalog.js';
export { type DiscordConfig, discordEnv } from './env.js';
export {
  parseRegisterArgs,
  type RegisterArgs,
  type RegisterOptions,
  RegisterUsageError,
} from './register-options.js';
export { clearingFailed, describeRegistration, type InstallLinks } from './register-report.js';
export {
  type Registered,
  registerDiscordCommands,
  runDiscordShard,
  type ShardProcessOptions,
} from './tools.js';
