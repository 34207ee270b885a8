// What a person asked for, before it is answered: the command words every platform shares, an entry picked
// by a button, or free text. Adapters route their input into a ReplyRef; the gate resolves it with the Bot.
import type { Bot, Reply } from '../../src/core/index.js';

export type ReplyRef =
  | { kind: 'optout' }
  | { kind: 'deadline' }
  | { kind: 'help' }
  | { kind: 'entry'; id: string }
  | { kind: 'ask'; question: string };

/** What a question (command text or a mention) asks for: empty is the opt-out steps, two words are commands. */
export function routeQuestion(question: string): ReplyRef {
  const word = question.trim().toLowerCase();
  if (word === '') return { kind: 'optout' };
  if (word === 'deadline') return { kind: 'deadline' };
  if (word === 'help') return { kind: 'help' };
  return { kind: 'ask', question };
}

/** The reply for a reference; undefined only for an entry id the knowledge base does not have. */
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
