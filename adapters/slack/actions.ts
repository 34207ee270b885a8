// Button clicks: a follow-up or "did you mean" choice answers that entry, "Share in channel" posts the
// answer for everyone. Each click is acknowledged first; the answer goes through the click's response_url,
// which works even in channels the bot has not joined.

import type { App, BlockAction, BlockButtonAction, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { decodeVoteTag, parseEntryValue, type VoteResult } from '../kit/index.js';
import type { SlackDeps } from './deps.js';
import { decodeRef } from './refs.js';
import { ACTION, actions, type Block, choiceButtons, section } from './render.js';
import { answerMessage } from './reply-message.js';

export function registerActions(app: App, deps: SlackDeps): void {
  registerVotes(app, deps);
  // A link button opens its URL in the browser, but Slack still reports the click and flags it as failed
  // unless it is acknowledged.
  app.action(new RegExp(`^${ACTION.link}:`), async ({ ack }) => {
    await ack();
  });

  app.action<BlockButtonAction>(new RegExp(`^${ACTION.answer}:`), async ({ ack, action, body, respond }) => {
    await ack();
    const where = placement(body);
    const asked = parseEntryValue(action.value ?? '');
    await deps.gate.handle(
      { via: 'button', user: clicker(body), asked },
      {
        ...privately(respond, () => deps.bot.say('error.stale-answer', { language: asked.language })),
        answer: async (reply, asked, vote) => {
          if (where === 'channel') {
            // Replacing a message everyone reads would change it under them: the clicker gets a private
            // answer, which they can share.
            const message = answerMessage(deps.bot, asked, reply, { ephemeral: true, vote });
            await respond({ response_type: 'ephemeral', replace_original: false, ...message });
          } else {
            const message = answerMessage(deps.bot, asked, reply, {
              ephemeral: where === 'ephemeral',
              vote,
            });
            await respond({ replace_original: true, ...message });
          }
        },
      },
    );
  });

  app.action<BlockButtonAction>(ACTION.share, async ({ ack, action, body, respond }) => {
    await ack();
    const ref = decodeRef(action.value);
    if (!ref) {
      const text = deps.bot.say('error.stale-answer');
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    }
    await deps.gate.handle(
      // The language it was shown in is the hint, so the channel gets the answer the sharer saw.
      { via: 'share', user: clicker(body), asked: ref, locale: ref.language, again: true },
      {
        ...privately(respond, () => deps.bot.say('error.stale-answer', { language: ref.language })),
        answer: async (reply, asked, vote) => {
          const message = answerMessage(deps.bot, asked, reply, { sharedBy: body.user.id, vote });
          await respond({ response_type: 'in_channel', replace_original: false, ...message });
          // Everyone can see the answer now; the private copy would only repeat it.
          await respond({ delete_original: true });
        },
      },
    );
  });
}

/**
 * 👍 / 👎: counted once per person per answer, and the clicker alone is told what happened; a 👎 comes with
 * the questions the matcher ranks closest to that entry. The answer itself stays as it is.
 */
function registerVotes(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(
    new RegExp(`^${ACTION.vote}:(up|down)$`),
    async ({ ack, action, body, respond }) => {
      await ack();
      const tag = decodeVoteTag(action.value);
      const helpful = action.action_id.endsWith(':up');
      const result: VoteResult = tag
        ? await deps.gate.feedback.vote(clicker(body), tag, helpful)
        : { outcome: 'gone', notice: deps.bot.say('feedback.gone'), related: [] };
      const blocks: Block[] = [section(result.notice)];
      if (result.related.length > 0) blocks.push(actions(choiceButtons(result.related, tag?.language)));
      await respond({ response_type: 'ephemeral', replace_original: false, text: result.notice, blocks });
      deps.logger.info('slack.vote', { outcome: result.outcome, helpful });
    },
  );
}

function clicker(body: BlockAction): string {
  return `${body.team?.id ?? ''}:${body.user.id}`;
}

/**
 * Notices for one click, seen only by the clicker and never replacing the message clicked. `gone` says, in
 * the clicked answer's language, that its entry no longer exists; it is only asked for on such a click.
 */
function privately(respond: RespondFn, gone: () => string) {
  const say = async (text: string) => {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
  return {
    cooldown: async (notice: string, repeat: boolean) => {
      if (!repeat) await say(notice);
    },
    unknown: () => say(gone()),
    failed: say,
  };
}

/** The fields of a click's `container` read here. */
const clickContainer = z.object({ is_ephemeral: z.unknown().optional(), channel_id: z.unknown().optional() });

/** Where the clicked message lives: only the clicker sees it, a DM with the bot, or a channel. */
function placement(body: BlockAction): 'ephemeral' | 'dm' | 'channel' {
  const container = clickContainer.safeParse(body.container).data;
  if (container?.is_ephemeral === true) return 'ephemeral';
  const channel = body.channel?.id ?? container?.channel_id;
  return typeof channel === 'string' && channel.startsWith('D') ? 'dm' : 'channel';
}
