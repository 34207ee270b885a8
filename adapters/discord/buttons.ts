// Follow-up and "did you mean" buttons. A click answers in place (the message becomes the new answer) when
// the message belongs to the clicker: their own command reply, a reply to their mention, an ephemeral
// message or a DM. In a shared channel, someone else's click must not replace the answer everyone is
// reading, so they get the answer privately instead.
import { type ButtonInteraction, MessageFlags } from 'discord.js';
import type { VoteResult, VoteTag } from '../kit/index.js';
import type { HandlerContext } from './context.js';
import { parseAnswerButtonId, parseVoteButtonId } from './custom-ids.js';
import { renderAnswer, renderNotice, renderNoticeWithChoices } from './render.js';
import { replyInTime } from './respond.js';

function clickerOwnsMessage(interaction: ButtonInteraction): boolean {
  const message = interaction.message;
  if (message.flags.has(MessageFlags.Ephemeral) || !interaction.inGuild()) return true;
  const askedBy = message.interactionMetadata?.user.id ?? message.mentions.repliedUser?.id;
  return askedBy === interaction.user.id;
}

export async function handleButton(interaction: ButtonInteraction, ctx: HandlerContext): Promise<string> {
  const vote = parseVoteButtonId(interaction.customId);
  if (vote) return handleVote(interaction, ctx, vote);
  const ref = parseAnswerButtonId(interaction.customId);
  const id = ref?.id;
  const reply = ref
    ? ctx.bot.answer(ref.id, { locale: interaction.locale, language: ref.language })
    : undefined;
  if (!reply || id === undefined) {
    // Entries can be renamed or removed after a message went out; its buttons stay clickable.
    await interaction.reply({
      ...renderNotice(
        ctx.bot.say('error.stale-answer', { locale: interaction.locale, language: ref?.language }),
      ),
      flags: MessageFlags.Ephemeral,
    });
    return 'private';
  }
  // Answered outside the gate (the router applied the cooldown): counted and tagged for votes here.
  const payload = renderAnswer(
    reply,
    ctx.gate.feedback.answered(reply, { kind: 'entry', id, language: reply.language }),
  );
  if (clickerOwnsMessage(interaction)) {
    await interaction.update(payload);
    return 'update';
  }
  await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  return 'private';
}

/**
 * 👍 / 👎: counted once per person per answer; only the clicker is told, and a 👎 offers the questions the
 * matcher ranks closest to that entry. The answer message stays as it is. A slow store is deferred
 * rather than missing Discord's 3 seconds.
 */
async function handleVote(
  interaction: ButtonInteraction,
  ctx: HandlerContext,
  vote: { tag: VoteTag | undefined; helpful: boolean },
): Promise<string> {
  let outcome: VoteResult['outcome'] = 'gone';
  await replyInTime(
    interaction,
    async () => {
      const result: VoteResult = vote.tag
        ? await ctx.gate.feedback.vote(interaction.user.id, vote.tag, vote.helpful)
        : {
            outcome: 'gone',
            notice: ctx.bot.say('feedback.gone', { locale: interaction.locale }),
            related: [],
          };
      outcome = result.outcome;
      return renderNoticeWithChoices(result.notice, result.related, vote.tag?.language);
    },
    { ephemeral: true, deferAfterMs: ctx.deferAfterMs },
  );
  return `vote-${outcome}`;
}
