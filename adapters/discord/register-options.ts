// The options of `npm run discord:register` (after `--`), and which of them make sense with the scope the
// environment chose. Loads nothing from discord.js, so the app can parse them before anything else.
import { discordMessages } from './catalog.js';
import { DiscordError } from './errors.js';

export interface RegisterOptions {
  /** Servers to remove this app's commands from after registering: test servers registered in before. */
  clearGuilds?: readonly string[];
  /** When registering in a server (DISCORD_GUILD_ID): also remove the global commands, from every server. */
  clearGlobal?: boolean;
}

export interface RegisterArgs extends RegisterOptions {
  clearGuilds: string[];
  clearGlobal: boolean;
  help: boolean;
}

/** A flag or combination that cannot be run; the app prints it with the usage and exits with 2. */
export class RegisterUsageError extends DiscordError {
  constructor(message: string) {
    super('discord_register_usage', message);
  }
}

// The same shape env.ts accepts for DISCORD_GUILD_ID.
const SNOWFLAKE = /^\d{15,21}$/;

function guildIds(value: string | undefined): string[] {
  const ids = (value ?? '').split(',').map((v) => v.trim());
  for (const id of ids) {
    if (!SNOWFLAKE.test(id))
      throw new RegisterUsageError(discordMessages['register.usage.bad-id']({ value: id }));
  }
  return ids;
}

export function parseRegisterArgs(argv: readonly string[]): RegisterArgs {
  const args: RegisterArgs = { clearGuilds: [], clearGlobal: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--clear-global') args.clearGlobal = true;
    else if (arg === '--clear-guild') args.clearGuilds.push(...guildIds(argv[++i]));
    else if (arg.startsWith('--clear-guild='))
      args.clearGuilds.push(...guildIds(arg.slice('--clear-guild='.length)));
    else throw new RegisterUsageError(discordMessages['register.usage.unknown-flag']({ flag: arg }));
  }
  args.clearGuilds = [...new Set(args.clearGuilds)];
  return args;
}

/**
 * Refuse what would undo the registration itself: clearing the server being registered in, or clearing
 * the global commands while registering them. Checked again by registerCommands, whoever calls it.
 */
export function checkRegisterScope(options: RegisterOptions, guildId: string | undefined): void {
  if (guildId && options.clearGuilds?.includes(guildId)) {
    throw new RegisterUsageError(discordMessages['register.usage.same-guild']({ guild: guildId }));
  }
  if (options.clearGlobal && !guildId) {
    throw new RegisterUsageError(discordMessages['register.usage.global-without-guild']());
  }
}
