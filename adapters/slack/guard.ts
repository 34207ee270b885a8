// Redelivery protection: Slack's event ids, kept only as keyed hashes in the shared state (the app's
// database when several hosts answer, else this process's memory), for an hour; no message text.
import type { SharedState } from '../../src/core/index.js';

/** Slack retries a delivery three times within about five minutes; an hour covers them with room. */
export const EVENT_TTL_MS = 60 * 60_000;

/** Keeps event keys apart from every other use of the shared state. */
const SCOPE = 'slack-event';

/** What to do with one delivery: answer it, or drop it as a repeat (`seen`) or an unverifiable retry. */
export type Delivery = 'answer' | 'seen' | 'retry';

export class EventDedup {
  readonly #state: SharedState;

  constructor(state: SharedState) {
    this.#state = state;
  }

  /**
   * `eventId` is the callback's event_id, `retry` Slack's X-Slack-Retry-Num (0 for a first delivery).
   * An id seen before, by any host sharing the state, is `seen`. A retry is answered only when the shared
   * store says no host recorded the event (its first delivery was lost); this process's memory cannot
   * say that (the first delivery may have reached another host, or this one before a restart), so
   * without a shared store, or while it is unreachable, every retry is dropped: a lost late answer is
   * better than a double reply.
   */
  async check(eventId: unknown, retry: number): Promise<Delivery> {
    if (typeof eventId !== 'string') return retry > 0 ? 'retry' : 'answer';
    const { first, shared } = await this.#state.firstSeen(SCOPE, eventId, EVENT_TTL_MS);
    if (!first) return 'seen';
    if (retry > 0 && !shared) return 'retry';
    return 'answer';
  }
}
