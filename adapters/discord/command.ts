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

/** A command usable in servers and in DMs with the bot, with the `private` option last. */
export function commandBuilder(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** Ends a definition with the `private` option every command takes (Discord wants required options first). */
export function withPrivate(
  builder: SlashCommandBuilder | SlashCommandOptionsOnlyBuilder,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return builder
    .addBooleanOption((o) => o.setName(PRIVATE_OPTION).setDescription('Show the answer only to you'))
    .toJSON();
}
