// Follow-up and "did you mean" buttons. A click answers in place (the message becomes the new answer) when
// the message belongs to the clicker: their own command reply, a reply to their mention, an ephemeral
// message or a DM. In a shared channel, someone else's click must not replace the answer everyone is
// reading, so they get the answer privately instead.
import { type ButtonInteraction, MessageFlags } from 'discord.js';
import type { HandlerContext } from './context.js';
import { parseAnswerButtonId } from './custom-ids.js';
import { renderNotice, renderReply } from './render.js';

export const STALE_BUTTON_NOTICE = 'That answer is no longer available. Try `/ask` with your question.';

function clickerOwnsMessage(interaction: ButtonInteraction): boolean {
  const message = interaction.message;
  if (message.flags.has(MessageFlags.Ephemeral) || !interaction.inGuild()) return true;
  const askedBy = message.interactionMetadata?.user.id ?? message.mentions.repliedUser?.id;
  return askedBy === interaction.user.id;
}

export async function handleButton(
  interaction: ButtonInteraction,
  ctx: HandlerContext,
): Promise<'update' | 'private'> {
  const id = parseAnswerButtonId(interaction.customId);
  const reply = id === undefined ? undefined : ctx.bot.answer(id);
  if (!reply) {
    // Entries can be renamed or removed after a message went out; its buttons stay clickable.
    await interaction.reply({ ...renderNotice(STALE_BUTTON_NOTICE), flags: MessageFlags.Ephemeral });
    return 'private';
  }
  const payload = renderReply(reply);
  if (clickerOwnsMessage(interaction)) {
    await interaction.update(payload);
    return 'update';
  }
  await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  return 'private';
}
