// The one small interface everything above the core answers through: adapters get a Bot (in their
// AdapterContext) and render its Replies; they never reach into the matcher or the knowledge files.
import type { LanguageInfo } from './knowledge/translations/languages.js';
import type { Reply, ReplyChoice } from './reply.js';

/** Which language to answer in. */
export interface AskOptions {
  /**
   * The platform's hint: the user's locale as the platform writes it (`de`, `pt-BR`, `fr-FR`, or a POSIX
   * `LANG` such as `pl_PL.UTF-8`). Free text follows its own language first; the hint decides only when the
   * text is too short or mixed to tell. Buttons and commands without text follow it directly.
   */
  locale?: string | undefined;
  /** A language already chosen (a follow-up button of a German answer, a subscription's language). */
  language?: string | undefined;
}

export interface Bot {
  /**
   * Answer free text in its language. Never throws: any input gets an answered, suggested or fallback reply
   * (an unexpected error inside gets the fallback and goes to BotOptions.onError).
   */
  ask(question: string, opts?: AskOptions): Reply;
  /** Answer a known entry by id (a follow-up or "did you mean" button); undefined for an unknown id. */
  answer(id: string, opts?: AskOptions): Reply | undefined;
  /** The opt-out steps with the settings and objection-form links (`/optout` with no text). */
  optOut(opts?: AskOptions): Reply;
  /** The time-aware deadline answer: countdown before the start date, time since after it. */
  deadline(opts?: AskOptions): Reply;
  /** What the bot can answer. */
  help(opts?: AskOptions): Reply;
  /** Canonical questions matching partial input, best first, for autocomplete (empty input: popular ones). */
  suggest(partial: string, limit?: number, opts?: AskOptions): ReplyChoice[];
  /** A sentence of knowledge/i18n/<lang>/ui.yaml (`cooldown.notice`, `feedback.thanks`, ...). */
  say(key: string, opts?: AskOptions, params?: Readonly<Record<string, string | number>>): string;
  /** The language a question would be answered in ('en' for one the bot does not speak). */
  languageOf(question: string, opts?: AskOptions): string;
  /** The languages it speaks, English first. */
  languages(): LanguageInfo[];
  /** The policy's dates from the knowledge base (e.g. `start`), for schedulers. */
  dates(): Record<string, Date>;
}
