// Registering the slash commands with Discord, and the invite link a server admin opens to add the bot.
import {
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import type { DiscordConfig } from './env.js';

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

/** The OAuth2 URL that adds the bot with its commands; with a guild id, that server is preselected. */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '));
  url.searchParams.set('permissions', INVITE_PERMISSIONS.bitfield.toString());
  if (guildId) url.searchParams.set('guild_id', guildId);
  return url.toString();
}

/** What the bulk overwrite answers with: the saved commands, of which only the names are read. */
const savedCommands = z.array(z.object({ name: z.string() }));

export interface RegisterResult {
  scope: 'guild' | 'global';
  names: string[];
}

/**
 * Replace the application's commands with `commands` (a bulk overwrite, so removed commands disappear).
 * With a guild id they go to that server only and update instantly, which suits setting up and testing.
 */
export async function registerCommands(
  config: DiscordConfig,
  commands: RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<RegisterResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  try {
    const route = config.guildId
      ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
      : Routes.applicationCommands(config.applicationId);
    const saved = savedCommands.parse(await rest.put(route, { body: commands }));
    return { scope: config.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
  } finally {
    // The REST client's sweep timers would otherwise outlive this one request.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
