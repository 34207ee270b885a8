// Registering the commands with Discord, clearing the copies left in the other scope, and the links that
// add the app to a server or to a member's own account.
import {
  DiscordAPIError,
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  type RESTPostAPIApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import { discordMessages } from './catalog.js';
import type { DiscordConfig } from './env.js';
import { DiscordError } from './errors.js';
import { checkRegisterScope, type RegisterOptions } from './register-options.js';

/**
 * The least the bot needs: see channels, send messages (also in threads), show embeds, and read history,
 * which Discord requires for a message that replies to another. Slash-command replies need none of these.
 */
export const INVITE_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
]);

const AUTHORIZE = 'https://discord.com/oauth2/authorize';
const GUILD_INSTALL = '0';
const USER_INSTALL = '1';

/**
 * The OAuth2 URL that adds the bot with its commands to a server; with a guild id, that server is
 * preselected. `permissions: 'none'` asks for no permissions at all (permissions=0): enough for the slash
 * commands and the message command, which answer through the interaction, while @mentions and
 * announcements then work only where the server's own roles let the bot post.
 */
export function inviteUrl(
  applicationId: string,
  guildId?: string,
  opts: { permissions?: 'bot' | 'none' } = {},
): string {
  const url = new URL(AUTHORIZE);
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '));
  const permissions = opts.permissions === 'none' ? 0n : INVITE_PERMISSIONS.bitfield;
  url.searchParams.set('permissions', permissions.toString());
  // Explicit, so an app that also allows user installs does not ask the admin which kind they meant.
  url.searchParams.set('integration_type', GUILD_INSTALL);
  if (guildId) url.searchParams.set('guild_id', guildId);
  return url.toString();
}

/** The URL with which a member installs the app to their own account: commands only, no bot, no server. */
export function userInstallUrl(applicationId: string): string {
  const url = new URL(AUTHORIZE);
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', OAuth2Scopes.ApplicationsCommands);
  url.searchParams.set('integration_type', USER_INSTALL);
  return url.toString();
}

/** What Discord answers with a command list: only the names and types are read. */
const savedCommands = z.array(z.object({ name: z.string(), type: z.number().default(1) }));
export type SavedCommand = z.output<typeof savedCommands>[number];

export type Scope = { kind: 'global' } | { kind: 'guild'; guildId: string };

/** One scope the run was asked to clear: what it removed there (maybe nothing), or why it could not. */
export type Cleared = { where: Scope; removed: SavedCommand[] } | { where: Scope; error: string };

export interface RegisterResult {
  scope: 'guild' | 'global';
  /** The server registered in, when `scope` is 'guild'. */
  guildId: string | undefined;
  commands: SavedCommand[];
  cleared: Cleared[];
  /**
   * Registering in a server without `clearGlobal`: the global commands, which that server shows as well
   * (so each one twice), or why they could not be listed. Undefined when registering globally.
   */
  globalCopies: { found: SavedCommand[] } | { error: string } | undefined;
}

/** An error's message for the summary: Discord's own (status and code included), never the token. */
export function describeError(error: unknown): string {
  if (error instanceof DiscordAPIError) return `${error.message} (HTTP ${error.status}, code ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

// Discord documents integration_types and contexts as global-command fields: a server's commands exist in
// that server only, whoever installed what, so they are left out there rather than sent for Discord to
// interpret.
function forGuild(command: RESTPostAPIApplicationCommandsJSONBody): RESTPostAPIApplicationCommandsJSONBody {
  const { integration_types: _installs, contexts: _contexts, ...rest } = command;
  return rest;
}

function route(applicationId: string, where: Scope): `/${string}` {
  return where.kind === 'guild'
    ? Routes.applicationGuildCommands(applicationId, where.guildId)
    : Routes.applicationCommands(applicationId);
}

async function list(rest: REST, applicationId: string, where: Scope): Promise<SavedCommand[]> {
  return savedCommands.parse(await rest.get(route(applicationId, where)));
}

/** Remove every command of the app in one scope: an empty bulk overwrite, skipped when there are none. */
async function clear(rest: REST, applicationId: string, where: Scope): Promise<Cleared> {
  try {
    const found = await list(rest, applicationId, where);
    if (found.length > 0) await rest.put(route(applicationId, where), { body: [] });
    return { where, removed: found };
  } catch (error) {
    // The registration itself succeeded; one scope that cannot be cleared (an app removed from that
    // server answers 403 Missing Access) is reported rather than undoing or hiding it.
    return { where, error: describeError(error) };
  }
}

/** A refusal that names the installation fields: most likely User Install is off for the application. */
function refusedInstallTypes(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.status === 400 &&
    /integration_types|contexts/.test(error.message)
  );
}

/**
 * Replace the application's commands with `commands` (a bulk overwrite, so removed ones disappear), then
 * clear the scopes `options` names. With a guild id they go to that server only and update instantly,
 * which suits testing; the bulk overwrite replaces only its own scope, so commands left in the other one
 * (a test server's, or the global ones while testing) show as duplicates until cleared.
 */
export async function registerCommands(
  config: DiscordConfig,
  commands: RESTPostAPIApplicationCommandsJSONBody[],
  options: RegisterOptions = {},
): Promise<RegisterResult> {
  checkRegisterScope(options, config.guildId);
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const { applicationId, guildId } = config;
  const target: Scope = guildId ? { kind: 'guild', guildId } : { kind: 'global' };
  try {
    const body = guildId ? commands.map(forGuild) : commands;
    const saved = await rest
      .put(route(applicationId, target), { body })
      .then((answer) => savedCommands.parse(answer))
      .catch((error: unknown) => {
        if (!refusedInstallTypes(error)) throw error;
        const hint = discordMessages['register.user-install-disabled']();
        throw new DiscordError('discord_register_refused', `${hint}\n${describeError(error)}`, {
          cause: error,
        });
      });
    // Only after the new set is in place, so a failed registration never leaves a server with nothing.
    const clearing: Scope[] = (options.clearGuilds ?? []).map((id) => ({ kind: 'guild', guildId: id }));
    if (guildId && options.clearGlobal) clearing.push({ kind: 'global' });
    const cleared: Cleared[] = [];
    for (const where of clearing) cleared.push(await clear(rest, applicationId, where));
    const globalCopies =
      guildId && !options.clearGlobal
        ? await list(rest, applicationId, { kind: 'global' }).then(
            (found) => ({ found }),
            (error: unknown) => ({ error: describeError(error) }),
          )
        : undefined;
    return { scope: target.kind, guildId, commands: saved, cleared, globalCopies };
  } finally {
    // The REST client's sweep timers would otherwise outlive these few requests.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
