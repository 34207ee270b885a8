// A rendered reply dressed for where it appears: an ephemeral answer gets a "Share in channel" button, a
// shared one says who shared it, and a free-text question is echoed (escaped) so the channel sees what
// was asked.
import { type Bot, fill, type Reply, type ReplyLabels } from '../../src/core/index.js';
import { encodeVoteTag, type ReplyRef, shareRefFor, type VoteTag } from '../kit/index.js';
import { escapeText } from './escape.js';
import { encodeRef } from './refs.js';
import {
  ACTION,
  actions,
  appendBlocks,
  type Block,
  type Button,
  button,
  context,
  renderReply,
  type SlackMessage,
  verbatim,
} from './render.js';

export interface Dressing {
  /** Only the asker sees it: offer to share it. */
  ephemeral?: boolean;
  /** Posted for everyone by this user (a Slack user id). */
  sharedBy?: string;
  /** Blocks that belong to the answer itself (the command list under help). */
  extra?: Block[];
  /** 👍 / 👎 buttons for this answer (the gate's tag), beside the share button. */
  vote?: VoteTag | undefined;
}

/** Slack user ids, so an attribution can only ever mention the person who clicked. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function answerMessage(
  bot: Bot,
  asked: ReplyRef,
  reply: Reply,
  dressing: Dressing = {},
): SlackMessage {
  const notes: string[] = [];
  if (dressing.sharedBy && USER_ID.test(dressing.sharedBy))
    notes.push(fill(reply.labels.sharedBy, { user: `<@${dressing.sharedBy}>` }));
  if (asked.kind === 'ask' && (dressing.ephemeral || dressing.sharedBy)) {
    notes.push(fill(reply.labels.asked, { question: escapeText(asked.question) }));
  }
  const blocks: Block[] = [...(dressing.extra ?? [])];
  // The notes quote the question as typed: verbatim, so nothing in it becomes a link or mention.
  if (notes.length > 0) blocks.push(context(verbatim(notes.join(' · '))));
  const row: Button[] = [];
  if (dressing.ephemeral) {
    const value = encodeRef(shareRefFor(bot, asked, reply), reply.language);
    row.push(button(reply.labels.share, ACTION.share, { value }));
  }
  if (dressing.vote) row.push(...voteButtons(dressing.vote, reply.labels));
  if (row.length > 0) blocks.push(actions(row));
  return appendBlocks(renderReply(reply), ...blocks);
}

/** 👍 and 👎: their action ids say which, their value carries the answer's token and entry. */
export function voteButtons(
  tag: VoteTag,
  labels: Pick<ReplyLabels, 'feedbackUp' | 'feedbackDown'>,
): Button[] {
  const value = encodeVoteTag(tag);
  return [
    button(labels.feedbackUp, `${ACTION.vote}:up`, { value }),
    button(labels.feedbackDown, `${ACTION.vote}:down`, { value }),
  ];
}
