// Button clicks: a follow-up or "did you mean" choice answers that entry, "Share in channel" posts the
// answer for everyone. Each click is acknowledged first; the answer goes through the click's response_url,
// which works even in channels the bot has not joined.

import type { App, BlockAction, BlockButtonAction, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { COOLDOWN_NOTICE } from '../../src/core/index.js';
import type { SlackDeps } from './deps.js';
import { decodeRef, type ReplyRef, resolveRef } from './refs.js';
import { ACTION } from './render.js';
import { answerMessage } from './reply-message.js';

export const GONE = "That answer isn't available any more. Try asking the question in your own words.";

export function registerActions(app: App, deps: SlackDeps): void {
  // A link button opens its URL in the browser, but Slack still reports the click and flags it as failed
  // unless it is acknowledged.
  app.action(new RegExp(`^${ACTION.link}:`), async ({ ack }) => {
    await ack();
  });

  app.action<BlockButtonAction>(new RegExp(`^${ACTION.answer}:`), async ({ ack, action, body, respond }) => {
    await ack();
    if (!(await allowed(deps, body, respond))) return;
    const asked: ReplyRef = { kind: 'entry', id: action.value ?? '' };
    const reply = resolveRef(deps.bot, asked);
    if (!reply) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: GONE });
      return;
    }
    const where = placement(body);
    if (where === 'channel') {
      // Replacing a message everyone reads would change it under them: the clicker gets a private answer,
      // which they can share.
      const message = answerMessage(deps.bot, asked, reply, { ephemeral: true });
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    } else {
      const message = answerMessage(deps.bot, asked, reply, { ephemeral: where === 'ephemeral' });
      await respond({ replace_original: true, ...message });
    }
    deps.logger.info('slack.reply', { via: 'button', where, status: reply.status, entry: reply.id });
  });

  app.action<BlockButtonAction>(ACTION.share, async ({ ack, action, body, respond }) => {
    await ack();
    if (!(await allowed(deps, body, respond))) return;
    const ref = decodeRef(action.value);
    const reply = ref && resolveRef(deps.bot, ref);
    if (!ref || !reply) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: GONE });
      return;
    }
    const message = answerMessage(deps.bot, ref, reply, { sharedBy: body.user.id });
    await respond({ response_type: 'in_channel', replace_original: false, ...message });
    // Everyone can see the answer now; the private copy would only repeat it.
    await respond({ delete_original: true });
    deps.logger.info('slack.reply', { via: 'share', kind: ref.kind, status: reply.status, entry: reply.id });
  });
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

async function allowed(deps: SlackDeps, body: BlockAction, respond: RespondFn): Promise<boolean> {
  const verdict = deps.cooldown.check(`${body.team?.id ?? ''}:${body.user.id}`);
  if (verdict === 'allow') return true;
  deps.logger.info('slack.cooldown', { via: 'button', verdict });
  if (verdict === 'notice') {
    await respond({ response_type: 'ephemeral', replace_original: false, text: COOLDOWN_NOTICE });
  }
  return false;
}
