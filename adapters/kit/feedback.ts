// "Was the answer helpful?" for every adapter: which answers get 👍 / 👎 buttons and what they carry, the
// counting of each reply that went out, and a click's outcome and private notice. The store is written in
// the background: counting never holds up or breaks an answer, and a failing store is reported to the
// adapter's sink once (until it works again), not once per answer.
import { type Bot, CodedError, type Reply, type ReplyChoice } from '../../src/core/index.js';
import { ANSWER_TOKEN, type Insights, newAnswerToken, relatedQuestions } from '../../src/insights/index.js';
import type { ReplyRef } from './refs.js';
import type { ErrorSink } from './sink.js';

/** What a pair of vote buttons carries: the answer message's random token and the entry it answered. */
export interface VoteTag {
  token: string;
  entry: string;
  /** The answer's language, so what the clicker is told after a click is in it (absent: English). */
  language?: string | undefined;
}

export type VoteResult =
  | { outcome: 'counted'; helpful: boolean; notice: string; related: ReplyChoice[] }
  | { outcome: 'repeat' | 'gone' | 'failed'; notice: string; related: ReplyChoice[] };

export interface Feedback {
  /** The buttons' tag for this reply: an entry's answer gets one, small talk and lists do not. */
  tag(reply: Reply): VoteTag | undefined;
  /** Count a reply that went out. Returns at once. */
  tally(reply: Reply, asked: ReplyRef): void;
  /** tally and tag together, for an answer sent outside the gate (a platform's own slash commands). */
  answered(reply: Reply, asked: ReplyRef): VoteTag | undefined;
  /** Count a click once per person per answer; `user` is the platform's id and is only hashed. */
  vote(user: string, tag: VoteTag, helpful: boolean): Promise<VoteResult>;
  /** Resolves when every count started so far is written (or failed): for stopping and for tests. */
  idle(): Promise<void>;
}

const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `token:entry`, what a platform puts in a button's value or custom id. */
export function encodeVoteTag(tag: VoteTag): string {
  const language = tag.language && tag.language !== 'en' ? `:${tag.language}` : '';
  return `${tag.token}:${tag.entry}${language}`;
}

/** A button's tag, or undefined for anything malformed (it arrives from outside). */
export function decodeVoteTag(value: string | undefined): VoteTag | undefined {
  const [token = '', entry = '', language, ...rest] = (value ?? '').split(':');
  if (rest.length > 0 || !ANSWER_TOKEN.test(token) || !ENTRY_ID.test(entry)) return undefined;
  if (language === undefined) return { token, entry };
  return /^[a-z]{2}$/.test(language) ? { token, entry, language } : undefined;
}

export function createFeedback(opts: {
  platform: string;
  bot: Bot;
  sink: ErrorSink;
  insights: Insights | undefined;
}): Feedback {
  const { platform, bot, sink, insights } = opts;
  const pending = new Set<Promise<void>>();
  let failing = false;
  // A knowledge-base entry, not small talk or help (which have ids of their own but no entry).
  const isEntry = (id: string | null): id is string => id !== null && bot.answer(id) !== undefined;

  // The store's own errors (a driver's SQLSTATE, a file error) become one code the logs can be searched by.
  const coded = (error: unknown): CodedError =>
    error instanceof CodedError
      ? error
      : new CodedError('insights_unavailable', 'The insights store failed', { cause: error });

  function background(work: () => Promise<void>, context: Record<string, unknown>): void {
    const run = work().then(
      () => {
        failing = false;
      },
      (error: unknown) => {
        if (!failing) sink.report(coded(error), { ...context, while: 'counting for insights' });
        failing = true;
      },
    );
    pending.add(run);
    void run.finally(() => pending.delete(run));
  }

  const tag = (reply: Reply): VoteTag | undefined => {
    if (!insights || reply.status !== 'answered' || !isEntry(reply.id)) return undefined;
    // English is the default a tag without a language means, as its encoding writes it.
    const language = reply.language === 'en' ? {} : { language: reply.language };
    return { token: newAnswerToken(), entry: reply.id, ...language };
  };
  const tally = (reply: Reply, asked: ReplyRef): void => {
    if (!insights) return;
    const entry = isEntry(reply.id) ? reply.id : undefined;
    const question = asked.kind === 'ask' ? asked.question : undefined;
    background(() => insights.replied({ status: reply.status, entry, question }), {
      via: 'insights',
      kind: asked.kind,
    });
  };

  return {
    tag,
    tally,
    answered(reply, asked) {
      tally(reply, asked);
      return tag(reply);
    },
    async vote(user, tag, helpful) {
      // What only the clicker is told, in the language of the answer they rated.
      const say = (key: string) => bot.say(key, { language: tag.language });
      if (!insights || !isEntry(tag.entry)) {
        return { outcome: 'gone', notice: say('feedback.gone'), related: [] };
      }
      try {
        const outcome = await insights.vote({ platform, user, token: tag.token, entry: tag.entry, helpful });
        failing = false;
        if (outcome === 'repeat') return { outcome, notice: say('feedback.repeat'), related: [] };
      } catch (error) {
        if (!failing) sink.report(coded(error), { via: 'vote', while: 'counting for insights' });
        failing = true;
        return { outcome: 'failed', notice: say('feedback.failed'), related: [] };
      }
      if (helpful) return { outcome: 'counted', helpful, notice: say('feedback.thanks'), related: [] };
      const related = relatedQuestions(bot, tag.entry, undefined, tag.language);
      const notice = say(related.length > 0 ? 'feedback.sorry' : 'feedback.sorry-none');
      return { outcome: 'counted', helpful, notice, related };
    },
    async idle() {
      await Promise.all([...pending]);
    },
  };
}
