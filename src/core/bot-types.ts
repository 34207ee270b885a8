// The one small interface everything above the core answers through: adapters get a Bot (in their
// AdapterContext) and render its Replies; they never reach into the matcher or the knowledge files.
import type { Reply, ReplyChoice } from './reply.js';

export interface Bot {
  /**
   * Answer free text. Never throws: any input gets an answered, suggested or fallback reply (an unexpected
   * error inside gets the fallback and goes to BotOptions.onError).
   */
  ask(question: string): Reply;
  /** Answer a known entry by id (a follow-up or "did you mean" button); undefined for an unknown id. */
  answer(id: string): Reply | undefined;
  /** The opt-out steps with the settings and objection-form links (`/optout` with no text). */
  optOut(): Reply;
  /** The time-aware deadline answer: countdown before the start date, time since after it. */
  deadline(): Reply;
  /** What the bot can answer. */
  help(): Reply;
  /** Canonical questions matching partial input, best first, for autocomplete (empty input: popular ones). */
  suggest(partial: string, limit?: number): ReplyChoice[];
  /** The policy's dates from the knowledge base (e.g. `start`), for schedulers. */
  dates(): Record<string, Date>;
}
