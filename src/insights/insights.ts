// Counting what is asked and how helpful the answers were, over an InsightsStore. The adapters' shared
// gate calls `replied` after an answer went out and `vote` for a 👍 / 👎 click; neither ever holds up an
// answer (the gate does not wait for them) and their failures go to the adapter's error sink.
import type { Clock, ReplyStatus } from '../core/index.js';
import { addDays, dayOf } from './day.js';
import { scrubQuestion } from './scrub.js';
import type { InsightsStore } from './store.js';
import { voterKey } from './voter.js';

/** An unanswered question is shown once asked this many times (over the days kept). */
export const UNANSWERED_MIN_TIMES = 3;
/** Unanswered questions are deleted this many days after the day they were asked. */
export const UNANSWERED_KEEP_DAYS = 30;

/** The first day whose unanswered questions are still kept on `today`. */
export const unansweredKeepFrom = (today: string) => addDays(today, -(UNANSWERED_KEEP_DAYS - 1));

export interface RepliedEvent {
  status: ReplyStatus;
  /** The knowledge-base entry answered, if the reply is one (not small talk, help or a suggestion list). */
  entry: string | undefined;
  /** The free text asked, when the person typed a question; used only for the opt-in unanswered list. */
  question: string | undefined;
}

export interface VoteEvent {
  platform: string;
  /** The platform's user id: only ever mixed into the keyed hash, never stored. */
  user: string;
  /** The answer message's random token (from its buttons). */
  token: string;
  entry: string;
  helpful: boolean;
}

export interface Insights {
  /** Whether unanswered questions are kept (INSIGHTS_UNANSWERED=on). */
  readonly keepsUnanswered: boolean;
  replied(event: RepliedEvent): Promise<void>;
  /** 'repeat' when this person already voted on this answer today: nothing is counted. */
  vote(event: VoteEvent): Promise<'counted' | 'repeat'>;
  /** Forget vote keys of past days and unanswered questions older than 30 days. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export interface InsightsOptions {
  store: InsightsStore;
  clock: Clock;
  /** The HMAC key for vote keys (INSIGHTS_SECRET, or a random one for one process). */
  secret: Uint8Array | string;
  /** INSIGHTS_UNANSWERED=on. Off: nothing at all is stored about unanswered questions. */
  unanswered: boolean;
}

export function createInsights(opts: InsightsOptions): Insights {
  const { store, clock } = opts;
  let swept: string | undefined;
  // Counts still being written: close() lets them finish before the store goes.
  const pending = new Set<Promise<unknown>>();
  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => {});
    return work;
  }

  async function sweep(today = dayOf(clock.now())): Promise<void> {
    await store.sweep(today, unansweredKeepFrom(today));
    swept = today;
  }
  /** Today, after sweeping once per day: a day's vote keys go as soon as its counts are final. */
  async function today(): Promise<string> {
    const day = dayOf(clock.now());
    if (swept !== day) await sweep(day);
    return day;
  }

  return {
    keepsUnanswered: opts.unanswered,
    replied: (event) => track(replied(event)),
    vote: (event) => track(vote(event)),
    sweep: () => track(sweep()),
    async close() {
      await Promise.allSettled([...pending]);
      await store.close();
    },
  };

  async function replied(event: RepliedEvent): Promise<void> {
    const day = await today();
    const fallback = event.status === 'fallback' && event.entry === undefined;
    await store.countReply(day, {
      entry: event.entry,
      question: event.question !== undefined,
      fallback,
      suggested: event.status === 'suggested',
    });
    if (!opts.unanswered || !fallback || event.question === undefined) return;
    const text = scrubQuestion(event.question);
    if (text) await store.keepUnanswered(day, text);
  }

  async function vote(event: VoteEvent): Promise<'counted' | 'repeat'> {
    const day = await today();
    const voter = voterKey(opts.secret, { ...event, day });
    return (await store.vote(day, event.entry, voter, event.helpful)) ? 'counted' : 'repeat';
  }
}
