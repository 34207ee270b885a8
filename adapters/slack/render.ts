// Block Kit rendering of the core's Reply: header, answer, numbered steps, link buttons, follow-up or
// "did you mean" buttons, a sources line, and a short `text` for notifications. Everything the core wrote is
// escaped, and the reply is sized so the adapter's additions still leave the message far below Slack's limits.

import type { types } from '@slack/bolt';
import { checkedDates, fill, type Reply, type ReplyChoice } from '../../src/core/index.js';
import { entryValue } from '../kit/index.js';
import { escapeText, truncate } from './escape.js';
import { shorten, splitText, toMrkdwn } from './mrkdwn.js';

export type Block = types.KnownBlock;
export type Button = types.Button;

export interface SlackMessage {
  /** Notification and accessibility fallback; the blocks are what people see. */
  text: string;
  blocks: Block[];
}

/** Slack's limits that matter here. `message` is what works in practice; the documented 40,000 fails. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  blocks: 50,
  actionsElements: 25,
  contextElements: 10,
  message: 12_000,
} as const;

/**
 * What the reply's own blocks may take, measured as JSON. The rest of the message is left for what the
 * adapter adds (share button, attribution, command list) and the fallback text.
 */
export const BODY_BUDGET = 7000;
const RESERVED_BLOCKS = 6;
const FALLBACK_TEXT_LENGTH = 400;
const MAX_CHOICES = 5;
const MAX_LINKS = 5;

/** Action ids the renderer and the action handlers agree on. */
export const ACTION = { answer: 'answer', link: 'link', share: 'share', vote: 'vote' } as const;

export type Mrkdwn = types.MrkdwnElement;

/**
 * Mrkdwn that quotes what a user typed (escaped already). `verbatim` stops Slack from turning bare URLs,
 * #channel names and @-words in it into links and mentions; explicit `<…>` syntax the adapter wrote
 * (an attribution's `<@U…>`) still works.
 */
export function verbatim(text: string): Mrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

const mrkdwn = (text: string | Mrkdwn): Mrkdwn =>
  typeof text === 'string' ? { type: 'mrkdwn', text } : text;

export function section(text: string | Mrkdwn): Block {
  return { type: 'section', text: mrkdwn(text) };
}

export function context(...elements: Array<string | Mrkdwn>): Block {
  return { type: 'context', elements: elements.map(mrkdwn) };
}

export function actions(elements: Button[]): Block {
  return { type: 'actions', elements };
}

export function button(label: string, actionId: string, target: { value: string } | { url: string }): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(label, SLACK_LIMITS.buttonText) },
    action_id: actionId,
    ...target,
  };
}

/** Buttons that answer an entry when clicked; each needs its own action id within a message. */
/** `language`: the answer's, so a follow-up of a German answer is answered in German. */
export function choiceButtons(choices: readonly ReplyChoice[], language = 'en'): Button[] {
  return choices
    .slice(0, MAX_CHOICES)
    .map((c, i) => button(c.question, `${ACTION.answer}:${i}`, { value: entryValue(c.id, language) }));
}

export function renderReply(reply: Reply): SlackMessage {
  const header: Block[] = reply.title
    ? [{ type: 'header', text: { type: 'plain_text', text: truncate(reply.title, SLACK_LIMITS.headerText) } }]
    : [];
  const tail = [...linkBlocks(reply), ...choiceBlocks(reply), ...sourceBlocks(reply)];

  const body = toMrkdwn(reply.text, reply.dates);
  const stepsOf = (r: Reply) => r.steps.map((step, i) => `${i + 1}. ${toMrkdwn(step, r.dates)}`).join('\n');
  // A two-part question's other answer follows under its own bold title, before links and buttons.
  const parts = (reply.also ?? []).flatMap((p) => [
    `*${escapeText(p.title)}*\n${toMrkdwn(p.text, p.dates)}`,
    stepsOf(p),
  ]);
  const pieces = [body, stepsOf(reply), ...parts]
    .filter(Boolean)
    .flatMap((t) => splitText(t, SLACK_LIMITS.sectionText));

  let budget = BODY_BUDGET - size(header) - size(tail);
  const room = SLACK_LIMITS.blocks - RESERVED_BLOCKS - header.length - tail.length;
  const sections: Block[] = [];
  for (const piece of pieces) {
    const block = section(piece);
    if (sections.length >= room || size([block]) > budget) {
      // A reply too long for one message: say so rather than fail to post at all.
      sections.push(section('_…this answer is longer than fits here; ask about one part of it._'));
      break;
    }
    budget -= size([block]);
    sections.push(block);
  }

  const headline = reply.title ? `${reply.title}: ` : '';
  return {
    text: shorten(`${headline}${body}`, FALLBACK_TEXT_LENGTH),
    blocks: [...header, ...sections, ...tail],
  };
}

function linkBlocks(reply: Reply): Block[] {
  const links = reply.links.slice(0, MAX_LINKS);
  if (links.length === 0) return [];
  return [actions(links.map((l, i) => button(l.label, `${ACTION.link}:${i}`, { url: l.url })))];
}

function choiceBlocks(reply: Reply): Block[] {
  if (reply.followUps.length === 0) return [];
  const label = reply.status === 'suggested' ? reply.labels.didYouMean : reply.labels.relatedQuestions;
  return [context(label), actions(choiceButtons(reply.followUps, reply.language))];
}

function sourceBlocks(reply: Reply): Block[] {
  if (reply.sources.length === 0) return [];
  const max = SLACK_LIMITS.contextElements;
  const shown = reply.sources.length > max ? reply.sources.slice(0, max - 1) : reply.sources;
  const names = shown.map((s) => {
    const title = escapeText(s.title);
    return s.url ? `<${escapeText(s.url)}|${title}>` : title;
  });
  if (shown.length < reply.sources.length) names.push(`and ${reply.sources.length - shown.length} more`);
  // One compact line: the newest check date once, not after every source.
  const checked = checkedDates(reply.sources).at(-1);
  const line = fill(reply.labels.sources, { titles: names.join('; '), checked: checked ?? '' });
  return [context(shorten(line, SLACK_LIMITS.sectionText))];
}

function size(blocks: readonly Block[]): number {
  return blocks.reduce((n, b) => n + JSON.stringify(b).length, 0);
}

/** A copy of `message` with blocks added at the end (share button, attribution, command list). */
export function appendBlocks(message: SlackMessage, ...blocks: Block[]): SlackMessage {
  return { text: message.text, blocks: [...message.blocks, ...blocks] };
}
