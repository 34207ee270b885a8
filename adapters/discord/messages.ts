// @mentions in channels and direct messages. Discord delivers the text of these two kinds of message without
// the privileged Message Content intent, which is why the bot answers only them.

import type { Message } from 'discord.js';
import { COOLDOWN_NOTICE } from '../../src/core/index.js';
import type { HandlerContext } from './context.js';
import { errorFields } from './interactions.js';
import { type DiscordPayload, renderNotice, renderReply } from './render.js';

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
    const started = performance.now();
    try {
      const verdict = ctx.cooldown.check(message.author.id);
      if (verdict === 'silent') return;
      if (verdict === 'notice') {
        await send(message, target, renderNotice(COOLDOWN_NOTICE));
        ctx.logger.info('discord cooldown', { handler: target, verdict });
        return;
      }
      const question = questionFromMessage(message.content);
      // A bare @mention is a request for help rather than a question.
      const reply = question ? ctx.bot.ask(question) : ctx.bot.help();
      await send(message, target, renderReply(reply));
      ctx.logger.info('discord message', {
        handler: target,
        status: reply.status,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // Usually a missing permission in that channel; there is no way to tell the user there.
      ctx.logger.warn('discord message reply failed', { handler: target, ...errorFields(error) });
    }
  };
}
