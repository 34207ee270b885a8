// The built-in slash commands: their definitions (what `npm run discord:register` sends to Discord) and
// handlers. Each is one DiscordCommand (command.ts), so later commands (such as /announce) plug in as one
// more without touching the router; /ask, the one with real logic, lives in ask-command.ts.

import type {
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Bot } from '../../src/core/index.js';
import type { Feedback } from '../kit/index.js';
import { askDefinition, createAskCommand } from './ask-command.js';
import { commandBuilder, type DiscordCommand, withPrivate } from './command.js';
import { askMessageDefinition } from './message-command.js';
import { renderAnswer } from './render.js';

// The contract used to live here; commands written against this path (announce-command.ts) keep working.
export { commandBuilder, type DiscordCommand, PRIVATE_OPTION } from './command.js';

export const definitions = {
  optout: withPrivate(
    commandBuilder('optout', 'How to stop LinkedIn using your data to train AI: the steps and links'),
  ),
  ask: askDefinition,
  deadline: withPrivate(
    commandBuilder('deadline', "The start date of LinkedIn's AI training, and whether you can still opt out"),
  ),
  help: withPrivate(commandBuilder('help', 'What this bot can answer')),
} satisfies Record<string, RESTPostAPIChatInputApplicationCommandsJSONBody>;

/**
 * `feedback`: the gate's (slash commands are answered outside gate.handle, so they count their answers
 * and tag them for 👍 / 👎 through it); without it nothing is counted and no vote buttons are shown.
 */
export function builtInCommands(bot: Bot, feedback?: Feedback): DiscordCommand[] {
  return [
    {
      definition: definitions.optout,
      execute: (i) => {
        const reply = bot.optOut({ locale: i.locale });
        return renderAnswer(reply, feedback?.answered(reply, { kind: 'optout' }));
      },
    },
    createAskCommand(bot, feedback),
    {
      definition: definitions.deadline,
      execute: (i) => {
        const reply = bot.deadline({ locale: i.locale });
        // A countdown is where Discord's live relative time helps most.
        return renderAnswer(reply, feedback?.answered(reply, { kind: 'deadline' }), { relativeDates: true });
      },
    },
    {
      definition: definitions.help,
      execute: (i) => {
        const reply = bot.help({ locale: i.locale });
        return renderAnswer(reply, feedback?.answered(reply, { kind: 'help' }));
      },
    },
  ];
}

/**
 * What registration sends: the built-in slash commands, any extra ones (e.g. /announce), then the
 * "Ask optout-bot" message command. One list, because a bulk overwrite replaces every type of command.
 */
export function commandDefinitions(
  extra: readonly Pick<DiscordCommand, 'definition'>[] = [],
): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...Object.values(definitions), ...extra.map((c) => c.definition), askMessageDefinition];
}
