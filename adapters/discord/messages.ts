// @mentions in channels and direct messages. Discord delivers the text of these two kinds of message without
// the privileged Message Content intent, which is why the bot answers only them.

import type { Message } from 'discord.js';
import type { HandlerContext } from './context.js';
import { type DiscordPayload, renderAnswer, renderNotice } from './render.js';

// User, role and channel mention tokens say nothing about the question and would only confuse the matcher.
const MENTION_TOKEN = /<(?:@[!&]?|#)\d+>/g;

export function questionFromMessage(content: string): string {
  return content.replace(MENTION_TOKEN, ' ').replace(/\s+/g, ' ').trim();
}

/** Why a message is or is not for the bot; exported for logging and tests. */
export function messageTarget(message: Message): 'mention' | 'dm' | undefined {
  if (message.author.bot || message.system || message.webhookId) return undefined;
  if (!message.inGuild()) return 'dm';
  const me = message.client.user;
  // Only a direct @mention: @everyone, @here and role mentions are not questions for the bot.
  return message.mentions.users.has(me.id) ? 'mention' : undefined;
}

async function send(message: Message, target: 'mention' | 'dm', payload: DiscordPayload): Promise<void> {
  if (target === 'mention') {
    // Replying quotes the question; repliedUser: false keeps even the asker from being pinged.
    await message.reply({ ...payload, allowedMentions: { ...payload.allowedMentions, repliedUser: false } });
  } else if (message.channel.isSendable()) {
    // In a DM the conversation is one-to-one, so a plain message reads better than a quote.
    await message.channel.send(payload);
  }
}

export function createMessageHandler(ctx: HandlerContext): (message: Message) => Promise<void> {
  return async (message) => {
    const target = messageTarget(message);
    if (!target) return;
    const question = questionFromMessage(message.content);
    await ctx.gate.handle(
      // A bare @mention is a request for help rather than a question.
      {
        via: target,
        user: message.author.id,
        asked: question ? { kind: 'ask', question } : { kind: 'help' },
        // A message carries no user locale; the server's preferred locale is the hint (a DM has none).
        locale: message.guild?.preferredLocale,
      },
      {
        answer: (reply, _asked, vote) => send(message, target, renderAnswer(reply, vote)),
        // One notice when a flood starts, then silence: a channel should not fill with notices.
        cooldown: async (notice, repeat) =>
          repeat ? undefined : send(message, target, renderNotice(notice)),
        // No failure notice: it usually is a missing permission in that channel, so it would fail too.
      },
    );
  };
}
