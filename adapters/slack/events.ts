// @mentions in channels (answered in a thread) and direct messages (answered in the DM). Bolt acknowledges
// events before these run; what matters here is answering each real question exactly once.

import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { routeQuestion } from '../kit/index.js';
import type { SlackDeps } from './deps.js';
import { toPlainQuestion } from './escape.js';
import { needsLocale } from './locale.js';
import { answerMessage } from './reply-message.js';

/** An Events API delivery, and the id its redeliveries share. */
const eventCallback = z.object({ type: z.literal('event_callback'), event_id: z.unknown().optional() });

export function registerEvents(app: App, deps: SlackDeps): void {
  app.use(async ({ body, context, next }) => {
    const callback = eventCallback.safeParse(body);
    if (callback.success) {
      // Slack redelivers an event it thinks we missed (a slow ack, a restart), possibly to another host.
      // Ids seen before are dropped, as Socket Mode redeliveries may come without a retry count; a retry
      // is answered only when the shared state proves no host saw the event (see EventDedup).
      const retry = context.retryNum ?? 0;
      const delivery = await deps.events.check(callback.data.event_id, retry);
      if (delivery !== 'answer') {
        deps.logger.info('slack.redelivery_skipped', { retry, reason: context.retryReason, delivery });
        return;
      }
    }
    await next();
  });

  app.event('app_mention', async ({ event, client, context }) => {
    // Bots (this one included) and edited messages are not questions; DMs are answered by the DM handler.
    if (event.bot_id || event.subtype || 'edited' in event || !event.user) return;
    if (event.channel.startsWith('D')) return;
    await answer(deps, client, {
      via: 'mention',
      teamId: context.teamId,
      userId: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
    });
  });

  app.event('message', async ({ event, client, context }) => {
    if (event.channel_type !== 'im') return;
    // Any subtype is not a person asking: edits, deletions, joins, bot posts, file shares.
    if (event.subtype !== undefined || event.bot_id || !event.user || !event.text) return;
    await answer(deps, client, {
      via: 'dm',
      teamId: context.teamId,
      userId: event.user,
      channel: event.channel,
      threadTs: event.thread_ts,
      text: event.text,
    });
  });
}

interface Question {
  via: 'mention' | 'dm';
  teamId: string | undefined;
  userId: string;
  channel: string;
  threadTs: string | undefined;
  text: string;
}

async function answer(deps: SlackDeps, client: webApi.WebClient, q: Question): Promise<void> {
  // Every post goes through this channel's queue: a channel where Slack hangs or rate-limits must not hold
  // up the others.
  const question = toPlainQuestion(q.text);
  const locale = needsLocale(question) ? await deps.locales.localeOf(client, q.teamId, q.userId) : undefined;
  await deps.gate.handle(
    { via: q.via, user: `${q.teamId ?? ''}:${q.userId}`, asked: routeQuestion(question), locale },
    {
      answer: (reply, asked, vote) =>
        deps.replies.post(q.channel, () =>
          client.chat.postMessage({
            channel: q.channel,
            thread_ts: q.threadTs,
            ...answerMessage(deps.bot, asked, reply, { vote }),
            // The answer's links are buttons already; previews would bury the answer.
            unfurl_links: false,
            unfurl_media: false,
          }),
        ),
      cooldown: async (notice, repeat) => {
        // One friendly notice when a flood starts, then silence until it stops.
        if (repeat) return;
        await deps.replies.post(q.channel, () =>
          // In a channel only the asker needs to see the notice.
          q.via === 'mention'
            ? client.chat.postEphemeral({
                channel: q.channel,
                user: q.userId,
                thread_ts: q.threadTs,
                text: notice,
              })
            : client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text: notice }),
        );
      },
    },
  );
}
