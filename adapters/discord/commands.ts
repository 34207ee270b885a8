// The slash commands: their definitions (what `npm run discord:register` sends to Discord) and handlers.
// A command is a definition plus an execute function, so later commands (such as /announce) plug in as
// one more DiscordCommand without touching the router.

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
import type { Bot } from '../../src/core/index.js';
import { answerQuestion } from './autocomplete.js';
import { type DiscordPayload, renderReply } from './render.js';

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
  /** Choices for this command's autocomplete options; answered at once (Discord cannot defer them). */
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

function withPrivate(
  builder: SlashCommandBuilder | SlashCommandOptionsOnlyBuilder,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return builder
    .addBooleanOption((o) => o.setName(PRIVATE_OPTION).setDescription('Show the answer only to you'))
    .toJSON();
}

export const definitions = {
  optout: withPrivate(
    commandBuilder('optout', 'How to stop LinkedIn using your data to train AI: the steps and links'),
  ),
  ask: withPrivate(
    commandBuilder('ask', "Ask about LinkedIn's generative-AI training and how to opt out").addStringOption(
      (o) =>
        o
          .setName('question')
          .setDescription('Your question, in your own words')
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(300),
    ),
  ),
  deadline: withPrivate(
    commandBuilder('deadline', "The start date of LinkedIn's AI training, and whether you can still opt out"),
  ),
  help: withPrivate(commandBuilder('help', 'What this bot can answer')),
} satisfies Record<string, RESTPostAPIChatInputApplicationCommandsJSONBody>;

export function builtInCommands(bot: Bot): DiscordCommand[] {
  return [
    { definition: definitions.optout, execute: () => renderReply(bot.optOut()) },
    {
      definition: definitions.ask,
      execute: (i) => renderReply(answerQuestion(bot, i.options.getString('question', true))),
    },
    // A countdown is where Discord's live relative time helps most.
    { definition: definitions.deadline, execute: () => renderReply(bot.deadline(), { relativeDates: true }) },
    { definition: definitions.help, execute: () => renderReply(bot.help()) },
  ];
}

/** What registration sends: the built-in commands plus any extra ones (e.g. /announce). */
export function commandDefinitions(
  extra: readonly Pick<DiscordCommand, 'definition'>[] = [],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...Object.values(definitions), ...extra.map((c) => c.definition)];
}
