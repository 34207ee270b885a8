// The message shortcut "Ask optout-bot about this": someone picks it from a message's menu and gets an
// answer to that message's text, privately. Acknowledged first (Slack allows 3 seconds), then answered
// through the shortcut's response_url, which works in channels the bot has not joined; a payload without
// one is answered with chat.postEphemeral to the clicker in that channel. The answer goes through the
// shared gate like any question (cooldown, routing, error isolation) and offers "Share in channel".

import type { App, MessageShortcut, RespondFn, webApi } from '@slack/bolt';
import { routeQuestion } from '../kit/index.js';
import type { SlackDeps } from './deps.js';
import { toPlainQuestion } from './escape.js';
import { needsLocale } from './locale.js';
import type { SlackMessage } from './render.js';
import { answerMessage } from './reply-message.js';

/** The callback_id in manifest.yaml (features.shortcuts). */
export const ASK_SHORTCUT = 'ask_about_message';

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(
    { callback_id: ASK_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, client }) => {
      await ack();
      const send = privately(deps, shortcut, respond, client);
      // A file or an image alone has no text; the opt-out steps would not be an answer to it.
      const question = toPlainQuestion(
        typeof shortcut.message.text === 'string' ? shortcut.message.text : '',
      );
      if (!question) {
        deps.logger.info('slack.shortcut', { outcome: 'no-text' });
        // In the clicker's language (ui.yaml `slack.shortcut.no-text`).
        const locale = await deps.locales.localeOf(client, shortcut.team?.id, shortcut.user.id);
        await send({ text: deps.bot.say('slack.shortcut.no-text', { locale }), blocks: [] });
        return;
      }
      const user = `${shortcut.team?.id ?? ''}:${shortcut.user.id}`;
      // As for the command and DMs: words too few to tell their language take the clicker's Slack locale.
      const locale = needsLocale(question)
        ? await deps.locales.localeOf(client, shortcut.team?.id, shortcut.user.id)
        : undefined;
      await deps.gate.handle(
        { via: 'shortcut', user, asked: routeQuestion(question), locale },
        {
          answer: (reply, asked, vote) =>
            send(answerMessage(deps.bot, asked, reply, { ephemeral: true, vote })),
          cooldown: async (notice, repeat) => {
            if (!repeat) await send({ text: notice, blocks: [] });
          },
          failed: (notice) => send({ text: notice, blocks: [] }),
        },
      );
    },
  );
}

/** Show `message` to the clicker only, never replacing the message the shortcut was used on. */
function privately(deps: SlackDeps, shortcut: MessageShortcut, respond: RespondFn, client: webApi.WebClient) {
  return async (message: SlackMessage): Promise<void> => {
    const { text, blocks } = message;
    const body = blocks.length > 0 ? { text, blocks } : { text };
    if (shortcut.response_url) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...body });
      return;
    }
    const channel = shortcut.channel.id;
    await deps.replies.post(channel, () =>
      client.chat.postEphemeral({ channel, user: shortcut.user.id, ...body }),
    );
  };
}
