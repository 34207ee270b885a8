// The message command "Ask optout-bot": on any message, Apps → Ask optout-bot answers that message's text,
// privately. Discord sends the selected message with the interaction, its text included even without the
// privileged Message Content intent. Like the answering slash commands it is usable wherever the app is
// installed, including (through a user install) servers and group DMs the bot is not in, so the answer
// goes back through the interaction and never to the channel.
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type ContextMenuCommandInteraction,
  MessageFlags,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { discordMessages } from './catalog.js';
import { ANSWER_CONTEXTS, ANSWER_INSTALLS } from './command.js';
import type { HandlerContext } from './context.js';
import { questionFromMessage } from './messages.js';
import { type DiscordPayload, renderAnswer, renderNotice } from './render.js';
import { replyWithError } from './respond.js';

export const ASK_MESSAGE_COMMAND = discordMessages['menu.ask']();

/** What registration sends: a message command (type 3) takes no options and may not have a description. */
export const askMessageDefinition: RESTPostAPIContextMenuApplicationCommandsJSONBody =
  new ContextMenuCommandBuilder()
    .setName(ASK_MESSAGE_COMMAND)
    .setType(ApplicationCommandType.Message)
    .setContexts(...ANSWER_CONTEXTS)
    .setIntegrationTypes(...ANSWER_INSTALLS)
    .toJSON();

// Private, always: the asker picked someone else's message, and an answer to it in public would read as
// the bot correcting that person.
function privately(payload: DiscordPayload): DiscordPayload & { flags: MessageFlags.Ephemeral } {
  return { ...payload, flags: MessageFlags.Ephemeral };
}

export type MessageCommandOutcome = 'answered' | 'cooldown' | 'unknown' | 'failed' | 'no-text';

/** Answer a context-menu command: ours through the shared gate, any other (a retired one) with a notice. */
export async function handleMessageCommand(
  interaction: ContextMenuCommandInteraction,
  ctx: HandlerContext,
): Promise<MessageCommandOutcome> {
  if (!interaction.isMessageContextMenuCommand() || interaction.commandName !== ASK_MESSAGE_COMMAND) {
    await interaction.reply(
      privately(renderNotice(ctx.bot.say('error.unknown-command', { locale: interaction.locale }))),
    );
    return 'unknown';
  }
  // The same clean-up as a mention: mention tokens say nothing about the question.
  const question = questionFromMessage(interaction.targetMessage.content);
  if (!question) {
    const text = ctx.bot.say('discord.menu.no-text', { locale: interaction.locale });
    await interaction.reply(privately(renderNotice(text)));
    return 'no-text';
  }
  // The gate applies the cooldown, logs the answer and isolates failures, as for mentions and buttons.
  return ctx.gate.handle(
    {
      via: 'message-command',
      user: interaction.user.id,
      asked: { kind: 'ask', question },
      locale: interaction.locale,
    },
    {
      answer: (reply, _asked, vote) => interaction.reply(privately(renderAnswer(reply, vote))),
      // Unlike a mention, an interaction needs a response every time or Discord shows the user an error;
      // the notice is private, so repeating it during a flood reaches only the flooder.
      cooldown: (notice) => interaction.reply(privately(renderNotice(notice))),
      failed: (notice) => replyWithError(interaction, notice),
    },
  );
}
