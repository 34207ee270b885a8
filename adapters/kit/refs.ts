// What a person asked for, before it is answered: the command words every platform shares, an entry picked
// by a button, or free text. Adapters route their input into a ReplyRef; the gate resolves it with the Bot.
import type { AskOptions, Bot, Reply } from '../../src/core/index.js';

/** `language`: the language of the answer the reference came from (a follow-up of a German answer is German). */
export type ReplyRef =
  | { kind: 'optout' }
  | { kind: 'deadline' }
  | { kind: 'help' }
  | { kind: 'entry'; id: string; language?: string | undefined }
  | { kind: 'ask'; question: string };

/** A follow-up button's value: the entry id, with `@de` when the answer it follows was not English. */
export function entryValue(id: string, language: string): string {
  return language === 'en' ? id : `${id}@${language}`;
}

/** The entry and language of a follow-up button's value (an old button without a language is English's). */
export function parseEntryValue(value: string): { kind: 'entry'; id: string; language?: string } {
  const at = value.lastIndexOf('@');
  if (at <= 0) return { kind: 'entry', id: value };
  const language = value.slice(at + 1);
  return /^[a-z]{2}$/.test(language)
    ? { kind: 'entry', id: value.slice(0, at), language }
    : { kind: 'entry', id: value };
}

/** What a question (command text or a mention) asks for: empty is the opt-out steps, two words are commands. */
export function routeQuestion(question: string): ReplyRef {
  const word = question.trim().toLowerCase();
  if (word === '') return { kind: 'optout' };
  if (word === 'deadline') return { kind: 'deadline' };
  if (word === 'help') return { kind: 'help' };
  return { kind: 'ask', question };
}

/**
 * The reply for a reference; undefined only for an entry id the knowledge base does not have. `locale` is
 * the platform's hint (the asker's locale): free text follows its own language first.
 */
export function resolveRef(bot: Bot, ref: ReplyRef, locale?: string): Reply | undefined {
  const opts: AskOptions = { locale };
  switch (ref.kind) {
    case 'optout':
      return bot.optOut(opts);
    case 'deadline':
      return bot.deadline(opts);
    case 'help':
      return bot.help(opts);
    case 'entry':
      return bot.answer(ref.id, { locale, language: ref.language });
    case 'ask':
      return bot.ask(ref.question, opts);
  }
}

/** The language the answer to `ref` is in, before answering it (the cooldown notice is said in it). */
export function languageOfRef(bot: Bot, ref: ReplyRef, locale?: string): string {
  if (ref.kind === 'entry' && ref.language) return ref.language;
  if (ref.kind === 'ask') return bot.languageOf(ref.question, { locale });
  return bot.languageOf('', { locale });
}

/**
 * The reference to share for a reply: an answered free-text question is shared by its entry id when the
 * core can answer that id directly, so the channel sees the answer even if the matcher changes later.
 */
export function shareRefFor(bot: Bot, asked: ReplyRef, reply: Reply): ReplyRef {
  if (asked.kind !== 'ask' || reply.status !== 'answered' || !reply.id) return asked;
  return bot.answer(reply.id) ? { kind: 'entry', id: reply.id, language: reply.language } : asked;
}
