// Replies go out one channel at a time, each channel on its own: a channel whose posts hang or are
// rate-limited delays only its own later replies. (The Web API client alone has one queue for everything,
// and on a 429 it pauses that queue for the whole Retry-After; with no timeout, a hundred hung posts filled
// it for good.) Each post is retried a few times with jittered backoff when it did not land (rate limits,
// connection failures; a 5xx, where Slack almost never has posted), honouring Retry-After up to a cap; beyond the cap the channel is left
// alone until Slack's time is up and its replies are dropped meanwhile: an answer minutes late is stale.
import { CodedError, type Logger } from '../../src/core/index.js';
import { classify, TOKEN_ERRORS, type WebApiFailure } from './errors.js';

export interface ReplyPolicy {
  /** Further attempts after the first, for failures where the post cannot have landed. */
  retries: number;
  /** The first retry's delay before jitter; doubled for each later one. */
  backoffMs: number;
  /** The longest Retry-After waited for; a longer one drops the reply. */
  maxRetryAfterSec: number;
  /** Replies waiting in one channel; more are dropped (a channel that hangs must not pile up memory). */
  maxQueued: number;
}

export const DEFAULT_REPLY_POLICY: ReplyPolicy = {
  retries: 2,
  backoffMs: 500,
  maxRetryAfterSec: 30,
  maxQueued: 20,
};

export type ReplyDropCode = 'slack_reply_queue_full' | 'slack_reply_rate_limited';

/** A reply not posted by choice (not a failure of the call itself). */
export class ReplyDroppedError extends CodedError {
  declare readonly code: ReplyDropCode;

  constructor(code: ReplyDropCode) {
    super(
      code,
      code === 'slack_reply_queue_full' ? 'too many replies waiting in this channel' : 'channel rate-limited',
    );
  }
}

export interface ReplyQueueOptions {
  policy: ReplyPolicy;
  logger: Logger;
  /** Slack said the bot token is no good (revoked at runtime): nothing will post again. */
  onTokenRejected?: (error: string) => void;
  now?: () => number;
  random?: () => number;
}

interface Lane {
  tail: Promise<void>;
  waiting: number;
  /** Slack asked this channel to be left alone until then (ms since the epoch). */
  pausedUntil: number;
}

export class ReplyQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #opts: ReplyQueueOptions;

  constructor(opts: ReplyQueueOptions) {
    this.#opts = opts;
  }

  /**
   * Runs `call` after this channel's earlier replies. Resolves with its result; rejects with the call's
   * last error, or a ReplyDroppedError, so the handler's error path logs it.
   */
  post<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const lane = this.#lanes.get(channel) ?? { tail: Promise.resolve(), waiting: 0, pausedUntil: 0 };
    this.#lanes.set(channel, lane);
    if (lane.waiting >= this.#opts.policy.maxQueued) {
      return Promise.reject(new ReplyDroppedError('slack_reply_queue_full'));
    }
    lane.waiting += 1;
    const result = lane.tail.then(() => this.#attempts(lane, call));
    // The next reply waits for this one to settle, however it ends; its outcome belongs to its caller.
    lane.tail = result.then(
      () => this.#settled(channel, lane),
      () => this.#settled(channel, lane),
    );
    return result;
  }

  #settled(channel: string, lane: Lane): void {
    lane.waiting -= 1;
    if (lane.waiting === 0 && lane.pausedUntil <= this.#now()) this.#lanes.delete(channel);
  }

  async #attempts<T>(lane: Lane, call: () => Promise<T>): Promise<T> {
    const { policy, logger } = this.#opts;
    for (let attempt = 0; ; attempt += 1) {
      const pause = lane.pausedUntil - this.#now();
      if (pause > policy.maxRetryAfterSec * 1000) throw new ReplyDroppedError('slack_reply_rate_limited');
      if (pause > 0) await sleep(pause);
      try {
        return await call();
      } catch (error) {
        const failure = classify(error);
        if (failure.kind === 'platform' && TOKEN_ERRORS.has(failure.error)) {
          this.#opts.onTokenRejected?.(failure.error);
        }
        if (failure.kind === 'rate_limited') {
          lane.pausedUntil = this.#now() + failure.retryAfterSec * 1000;
          if (failure.retryAfterSec > policy.maxRetryAfterSec) {
            logger.warn('slack.reply_dropped', {
              code: 'slack_reply_rate_limited',
              retryAfter: failure.retryAfterSec,
            });
            throw new ReplyDroppedError('slack_reply_rate_limited');
          }
        }
        if (attempt >= policy.retries || !retryable(failure)) throw error;
        const delay = failure.kind === 'rate_limited' ? 0 : this.#backoff(attempt);
        logger.info('slack.reply_retry', { attempt: attempt + 1, failure: failure.kind, delayMs: delay });
        await sleep(delay);
      }
    }
  }

  /** Full jitter over an exponential ceiling, so retries from many channels do not arrive together. */
  #backoff(attempt: number): number {
    const ceiling = this.#opts.policy.backoffMs * 2 ** attempt;
    return Math.round(ceiling / 2 + (this.#opts.random ?? Math.random)() * (ceiling / 2));
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }
}

/**
 * Retried only when the post cannot have been made: a timed-out post may have landed (Slack has no
 * idempotency key for chat.postMessage), and a second copy of an answer is worse than a missing one.
 */
function retryable(failure: WebApiFailure): boolean {
  if (failure.kind === 'rate_limited' || failure.kind === 'network') return true;
  return failure.kind === 'http' && failure.status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
