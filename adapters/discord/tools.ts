// Discord's operator tools, for the app's entry points: registering the commands and running one shard's
// process. Each loads discord.js only when called.
import type { AnnouncementService, Schedules } from '../../src/announce/index.js';
import type { Bot, Logger, SharedState } from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import type { DiscordConfig } from './env.js';
import type { Describe } from './localize.js';
import type { RegisterOptions } from './register-options.js';
import type { InstallLinks } from './register-report.js';
import type { RegisterResult } from './registration.js';

export interface Registered {
  result: RegisterResult;
  links: InstallLinks;
}

/**
 * Register (or update) every command, /announce with the schedules' choices, and clear the scopes
 * `options` names; returns what happened and the install links.
 */
export async function registerDiscordCommands(
  config: DiscordConfig,
  schedules: Schedules,
  options: RegisterOptions = {},
  /** The commands' descriptions in the bot's other languages (description_localizations). */
  describe: Describe = () => undefined,
): Promise<Registered> {
  const [
    { announceDefinition },
    { commandDefinitions },
    { inviteUrl, registerCommands, userInstallUrl },
    { localizeDefinitions },
  ] = await Promise.all([
    import('./announce-command.js'),
    import('./commands.js'),
    import('./registration.js'),
    import('./localize.js'),
  ]);
  const definitions = commandDefinitions([{ definition: announceDefinition(schedules) }]);
  const result = await registerCommands(config, localizeDefinitions(definitions, describe), options);
  const links: InstallLinks = {
    server: inviteUrl(config.applicationId, config.guildId),
    serverNoPermissions: inviteUrl(config.applicationId, config.guildId, { permissions: 'none' }),
    user: userInstallUrl(config.applicationId),
  };
  return { result, links };
}

export interface ShardProcessOptions {
  config: DiscordConfig;
  bot: Bot;
  logger: Logger;
  /** The shared announcement database, for /announce (a shard never posts: the manager does). */
  announcements: AnnouncementService;
  /** PostgreSQL shared by every host (DATABASE_URL): identifies are spaced there across hosts. */
  databaseUrl?: string | undefined;
  /** What the bot's processes share (the cooldown): without it, this shard's memory. */
  state?: SharedState | undefined;
  /** Counting answers and votes; without it this shard's answers have no vote buttons. */
  insights?: Insights | undefined;
}

/**
 * Run this process as one shard under the ShardingManager: discord.js reads the shard's ids from the
 * environment the manager set. A fatal report goes to the manager, then the process exits with
 * FATAL_EXIT_CODE so the manager does not respawn it. Resolves with a stop function.
 */
export async function runDiscordShard(opts: ShardProcessOptions): Promise<() => Promise<void>> {
  const [
    { startDiscord },
    { createAnnounceCommand },
    { FATAL_EXIT_CODE, shardProcessHealth },
    { DiscordStartError },
    { readyTimeoutFor },
  ] = await Promise.all([
    import('./run.js'),
    import('./announce-command.js'),
    import('./shard-health.js'),
    import('./errors.js'),
    import('./start.js'),
  ]);
  let fatal = false;
  // The pause lets the report reach the manager before the exit.
  const health = shardProcessHealth(() => {
    fatal = true;
    setTimeout(() => process.exit(FATAL_EXIT_CODE), 200);
  });
  const discord = await startDiscord({
    // The manager set this process's shard ids and total in its environment, where discord.js reads them.
    config: { ...opts.config, sharding: 'off', shards: undefined },
    bot: opts.bot,
    logger: opts.logger,
    health,
    databaseUrl: opts.databaseUrl,
    state: opts.state,
    insights: opts.insights,
    // Its identify may queue behind other hosts' shards: the bound the whole range would have.
    readyTimeoutMs: readyTimeoutFor(opts.config),
    announcements: createAnnounceCommand({
      voice: opts.bot,
      announcements: opts.announcements,
      logger: opts.logger,
    }),
  }).catch((error: unknown) => {
    // A start Discord refused has been reported and the fatal exit is scheduled. Anything else (a timeout,
    // a network failure) ends the process with an error, and the manager respawns it.
    if (error instanceof DiscordStartError && fatal) return undefined;
    throw error;
  });
  return async () => {
    await discord?.stop();
  };
}
