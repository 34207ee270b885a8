// The slash-command contract: what the router (interactions.ts), the handler context and registration need
// to know about a command, and nothing about which commands exist. Commands (the built-in ones, /ask,
// /announce) implement it; this file imports none of them, so none of them can import back into a circle.

import {
  type APIApplicationCommandOptionChoice,
  ApplicationIntegrationType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandOptionsOnlyBuilder,
} from 'discord.js';
import type { DiscordPayload } from './render.js';

/** Every command takes this boolean: true answers only the caller (an ephemeral reply). */
export const PRIVATE_OPTION = 'private';

export interface DiscordCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** May be async; the router defers the reply if it takes longer than a moment. */
  execute(interaction: ChatInputCommandInteraction): DiscordPayload | Promise<DiscordPayload>;
  /**
   * Whether the reply goes only to the caller, decided before `execute` runs (a deferral fixes it). Without
   * it the `private` option decides.
   */
  ephemeral?(interaction: ChatInputCommandInteraction): boolean;
  /**
   * Choices for this command's autocomplete options; answered at once (Discord cannot defer them). Without
   * it every autocomplete option of the command gets an empty list.
   */
  autocomplete?(interaction: AutocompleteInteraction): APIApplicationCommandOptionChoice[];
}

/**
 * Where an answering command can be used: in servers, in the DM with the bot, and in group DMs and DMs
 * between users. The last is only reachable through a user install (Discord ignores it otherwise).
 */
export const ANSWER_CONTEXTS = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
] as const;

/**
 * How the app may be installed for an answering command: to a server, or by a member to their own account,
 * which brings the command to every server and DM they are in, including ones the bot has not joined. That
 * is safe because answers go back through the interaction and never need the bot in the channel.
 */
export const ANSWER_INSTALLS = [
  ApplicationIntegrationType.GuildInstall,
  ApplicationIntegrationType.UserInstall,
] as const;

/** A command that only answers, usable wherever the app is installed, with the `private` option last. */
export function commandBuilder(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(...ANSWER_CONTEXTS)
    .setIntegrationTypes(...ANSWER_INSTALLS);
}

/** Ends a definition with the `private` option every command takes (Discord wants required options first). */
export function withPrivate(
  builder: SlashCommandBuilder | SlashCommandOptionsOnlyBuilder,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return builder
    .addBooleanOption((o) => o.setName(PRIVATE_OPTION).setDescription('Show the answer only to you'))
    .toJSON();
}
