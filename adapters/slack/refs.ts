// A "Share in channel" button must say which answer to post. It carries a small reference, not the rendered
// answer: the answer is recomputed from the core when clicked, which keeps the button value far below
// Slack's 2,000 characters and makes the shared answer the current one (a countdown moves on).

import { z } from 'zod';
import type { Bot, Reply } from '../../src/core/index.js';
import { MAX_QUESTION_LENGTH } from './escape.js';

export type ReplyRef =
  | { kind: 'optout' }
  | { kind: 'deadline' }
  | { kind: 'help' }
  | { kind: 'entry'; id: string }
  | { kind: 'ask'; question: string };

/** What a question (slash-command text or a mention) asks for: the sub-command words, or free text. */
export function routeQuestion(question: string): ReplyRef {
  const word = question.trim().toLowerCase();
  if (word === '') return { kind: 'optout' };
  if (word === 'deadline') return { kind: 'deadline' };
  if (word === 'help') return { kind: 'help' };
  return { kind: 'ask', question };
}

export function resolveRef(bot: Bot, ref: ReplyRef): Reply | undefined {
  switch (ref.kind) {
    case 'optout':
      return bot.optOut();
    case 'deadline':
      return bot.deadline();
    case 'help':
      return bot.help();
    case 'entry':
      return bot.answer(ref.id);
    case 'ask':
      return bot.ask(ref.question);
  }
}

/**
 * The reference to share for a reply: an answered free-text question is shared by its entry id when the
 * core can answer that id directly, so the channel sees the answer even if the matcher changes later.
 */
export function shareRefFor(bot: Bot, asked: ReplyRef, reply: Reply): ReplyRef {
  if (asked.kind !== 'ask' || reply.status !== 'answered' || !reply.id) return asked;
  return bot.answer(reply.id) ? { kind: 'entry', id: reply.id } : asked;
}

export function encodeRef(ref: ReplyRef): string {
  return JSON.stringify(ref);
}

/** A button value's reference; other fields are dropped. */
const replyRef = z.union([
  z.object({ kind: z.enum(['optout', 'deadline', 'help']) }),
  z.object({ kind: z.literal('entry'), id: z.string().max(100) }),
  z.object({ kind: z.literal('ask'), question: z.string().max(MAX_QUESTION_LENGTH) }),
]);

/** Parse a button value; anything malformed (it arrives from outside) is rejected, not trusted. */
export function decodeRef(value: string | undefined): ReplyRef | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return replyRef.safeParse(parsed).data;
}
