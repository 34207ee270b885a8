// Routes every interaction: autocomplete, slash commands, the message command and button clicks. Each one
// gets a response, even on failure or under the cooldown, because Discord shows the user an error for an
// unanswered interaction.

import { type Interaction, MessageFlags } from 'discord.js';
import { handleAutocomplete } from './autocomplete.js';
import { handleButton } from './buttons.js';
import { PRIVATE_OPTION } from './command.js';
import type { HandlerContext } from './context.js';
import { handleMessageCommand } from './message-command.js';
import { renderNotice } from './render.js';
import { replyInTime, replyWithError } from './respond.js';

export function createInteractionHandler(ctx: HandlerContext): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const started = performance.now();
    if (interaction.isAutocomplete()) {
      try {
        await handleAutocomplete(interaction, ctx);
      } catch (error) {
        ctx.sink.report(error, { handler: 'autocomplete' });
      }
      return;
    }
    if (interaction.isContextMenuCommand()) {
      // Not behind gate.admit below: the message command goes through gate.handle, which applies the
      // cooldown itself (admitting first would count every question twice).
      try {
        const outcome = await handleMessageCommand(interaction, ctx);
        const ms = Math.round(performance.now() - started);
        ctx.logger.info('discord interaction', { handler: 'message-command', outcome, ms });
      } catch (error) {
        // The gate isolates answering; this catches the notices sent outside it.
        ctx.sink.report(error, { handler: 'message-command' });
        await replyWithError(interaction, ctx.bot.say('error.answer', { locale: interaction.locale })).catch(
          (again: unknown) => {
            ctx.sink.report(again, { handler: 'message-command', while: 'telling the user it failed' });
          },
        );
      }
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    const handler = interaction.isChatInputCommand() ? 'command' : 'button';
    const command = interaction.isChatInputCommand() ? interaction.commandName : undefined;
    try {
      const verdict = await ctx.gate.admit(interaction.user.id);
      if (verdict !== 'allow') {
        // The notice is ephemeral, so repeating it during a flood reaches nobody but the flooder.
        await interaction.reply({
          ...renderNotice(ctx.bot.say('cooldown.notice', { locale: interaction.locale })),
          flags: MessageFlags.Ephemeral,
        });
        ctx.logger.info('discord cooldown', { handler, command, verdict });
        return;
      }
      let outcome: string;
      if (interaction.isChatInputCommand()) {
        const found = ctx.commands.get(interaction.commandName);
        if (found) {
          const ephemeral =
            found.ephemeral?.(interaction) ?? interaction.options.getBoolean(PRIVATE_OPTION) ?? false;
          outcome = await replyInTime(interaction, () => found.execute(interaction), {
            ephemeral,
            deferAfterMs: ctx.deferAfterMs,
          });
        } else {
          // A command registered by an older version of the bot can still be invoked.
          await interaction.reply({
            ...renderNotice(ctx.bot.say('error.unknown-command', { locale: interaction.locale })),
            flags: MessageFlags.Ephemeral,
          });
          outcome = 'unknown';
        }
      } else {
        outcome = await handleButton(interaction, ctx);
      }
      ctx.logger.info('discord interaction', {
        handler,
        command,
        outcome,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      ctx.sink.report(error, { handler, command });
      await replyWithError(interaction, ctx.bot.say('error.answer', { locale: interaction.locale })).catch(
        (again: unknown) => {
          // The interaction may have expired; there is nobody left to tell, but the log says so.
          ctx.sink.report(again, { handler, command, while: 'telling the user it failed' });
        },
      );
    }
  };
}
