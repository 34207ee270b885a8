// Delivers due announcements: claim in the store, post, mark. Each platform has its own lane (bounded
// concurrency, a shared pause when the platform says the whole bot is rate limited), so one platform's
// backlog never holds up another. A failing delivery is contained: it is logged with its context and the
// rest go on.
import { type Clock, type Logger, type Reply, silentLogger } from '../core/index.js';
import { type AnnouncementStore, idempotencyKey, newOwnerId } from './store.js';
import {
  type Compose,
  describeTarget,
  type Occurrence,
  type Platform,
  PostError,
  type Poster,
  type PostReceipt,
  realSleep,
  type Sleep,
  type Subscription,
} from './types.js';
import { WorkspaceQueue } from './workspace-queue.js';

export interface RetryPolicy {
  /** Posts tried per round for 5xx and timeouts before the round is marked failed. */
  transientAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429 answers accepted per round before giving up (each is waited out first). */
  rateLimitedAttempts: number;
  /** Used when a 429 comes without a retry-after. */
  defaultRetryAfterMs: number;
  /** Claim rounds per delivery: a failed round may be retried by a later tick while this allows. */
  claimRounds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  transientAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  rateLimitedAttempts: 20,
  defaultRetryAfterMs: 1_000,
  claimRounds: 3,
};

export interface RunnerOptions {
  store: AnnouncementStore;
  /** Platforms without a poster (not configured in this process) are left for a process that has one. */
  posters: Partial<Record<Platform, Poster>>;
  compose: Compose;
  clock: Clock;
  sleep?: Sleep;
  /** 0..1; injected so backoff jitter is reproducible in tests. */
  random?: () => number;
  logger?: Logger;
  /** This process's runner id in the store. */
  owner?: string;
  /** Posts in flight per platform. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Runners heartbeat at least this often while working, so their claims are not taken as orphaned. */
  heartbeatEveryMs?: number;
  /**
   * With a store shared by several hosts (store.leases): how long a workspace lease lasts unless renewed
   * (renewed with each heartbeat, so keep it a few heartbeats long). A dead host's workspaces are free
   * again this long after its last renewal.
   */
  leaseMs?: number;
}

export interface Due {
  subscription: Subscription;
  occurrence: Occurrence;
}

/** `elsewhere`: left to another host that holds the workspace's lease (only with store.leases). */
export type DeliveryOutcome = 'posted' | 'skipped' | 'failed' | 'paused' | 'unknown' | 'elsewhere';

export type FanOutReport = Record<Exclude<DeliveryOutcome, 'elsewhere'>, number> & { elsewhere?: number };

/**
 * One platform's workers and its rate-limit holds: when the platform says "the whole bot, wait" (or "this
 * workspace, wait"), every worker about to post within that scope waits, instead of collecting more 429s.
 */
class Lane {
  readonly #holds = new Map<string, number>();
  constructor(
    readonly platform: Platform,
    readonly poster: Poster,
  ) {}

  hold(scope: 'bot' | 'workspace', workspaceId: string, until: number): void {
    const key = scope === 'bot' ? 'bot' : `ws:${workspaceId}`;
    this.#holds.set(key, Math.max(this.#holds.get(key) ?? 0, until));
  }

  heldUntil(workspaceId: string): number {
    return Math.max(this.#holds.get('bot') ?? 0, this.#holds.get(`ws:${workspaceId}`) ?? 0);
  }
}

export class DeliveryRunner {
  readonly owner: string;
  readonly #o: Required<Omit<RunnerOptions, 'retry' | 'owner'>> & { retry: RetryPolicy };
  readonly #lanes = new Map<Platform, Lane>();
  /** The lease queues of fan-outs in progress, renewed with each heartbeat. */
  readonly #queues = new Set<WorkspaceQueue>();
  #lastBeat = Number.NEGATIVE_INFINITY;

  constructor(options: RunnerOptions) {
    this.owner = options.owner ?? newOwnerId();
    this.#o = {
      sleep: realSleep,
      random: Math.random,
      logger: silentLogger,
      concurrency: 16,
      heartbeatEveryMs: 10_000,
      leaseMs: 30_000,
      ...options,
      retry: { ...defaultRetryPolicy, ...options.retry },
    };
    for (const [platform, poster] of Object.entries(options.posters)) {
      if (poster) this.#lanes.set(platform, new Lane(platform, poster));
    }
  }

  get retry(): RetryPolicy {
    return this.#o.retry;
  }

  /** The platforms this process can post to: the names its posters were registered under. */
  platforms(): Platform[] {
    return [...this.#lanes.keys()];
  }

  hasPoster(platform: Platform): boolean {
    return this.#lanes.has(platform);
  }

  poster(platform: Platform): Poster | undefined {
    return this.#lanes.get(platform)?.poster;
  }

  /** Heartbeat if the last one is older than the interval (cheap to call often). */
  async heartbeat(force = false): Promise<void> {
    const now = this.#o.clock.now().getTime();
    if (!force && now - this.#lastBeat < this.#o.heartbeatEveryMs) return;
    this.#lastBeat = now;
    await this.#o.store.heartbeat(this.owner, new Date(now));
    for (const queue of this.#queues) await queue.renew();
  }

  /** Claim and post each due delivery once. Resolves when every one is posted, given up on or skipped. */
  async deliver(
    due: readonly Due[],
    onOutcome?: (item: Due, outcome: DeliveryOutcome) => void,
  ): Promise<FanOutReport> {
    const report: FanOutReport = { posted: 0, skipped: 0, failed: 0, paused: 0, unknown: 0 };
    const payloads = new Map<string, Reply>();
    const count = (item: Due, outcome: DeliveryOutcome) => {
      if (outcome === 'elsewhere') report.elsewhere = (report.elsewhere ?? 0) + 1;
      else report[outcome]++;
      onOutcome?.(item, outcome);
    };
    const lanes = [...this.#lanes.values()].map(async (lane) => {
      const mine = due.filter((d) => d.subscription.platform === lane.platform);
      const workers = Math.min(this.#o.concurrency, mine.length);
      const leases = this.#o.store.leases;
      if (!leases) {
        const worker = async () => {
          for (let item = mine.shift(); item; item = mine.shift())
            count(item, await this.#deliverOne(lane, item, payloads));
        };
        await Promise.all(Array.from({ length: workers }, worker));
        return;
      }
      const queue = new WorkspaceQueue(mine, {
        leases,
        owner: this.owner,
        platform: lane.platform,
        ttlMs: this.#o.leaseMs,
        liveWithinMs: this.#o.leaseMs,
      });
      this.#queues.add(queue);
      try {
        const worker = async () => {
          for (let item = await queue.next(); item; item = await queue.next()) {
            count(item, await this.#deliverOne(lane, item, payloads));
            await queue.done(item);
          }
        };
        await Promise.all(Array.from({ length: workers }, worker));
      } finally {
        this.#queues.delete(queue);
      }
      for (const item of queue.skipped) count(item, 'skipped');
      for (const item of queue.leftover()) count(item, 'elsewhere');
    });
    await Promise.all(lanes);
    return report;
  }

  /** Post a delivery this runner already holds the claim for (settling an orphan that was not posted). */
  async postClaimed(item: Due): Promise<DeliveryOutcome> {
    const lane = this.#lanes.get(item.subscription.platform);
    if (!lane) return 'skipped';
    return this.#post(lane, item, new Map());
  }

  async #deliverOne(lane: Lane, item: Due, payloads: Map<string, Reply>): Promise<DeliveryOutcome> {
    const { subscription: sub, occurrence: occ } = item;
    try {
      const claimed = await this.#o.store.claim({
        subscriptionId: sub.id,
        occurrenceKey: occ.key,
        scheduledAt: occ.at,
        owner: this.owner,
        now: this.#o.clock.now(),
        maxAttempts: this.#o.retry.claimRounds,
      });
      if (!claimed) return 'skipped';
      return await this.#post(lane, item, payloads);
    } catch (err) {
      // A store error (database locked too long, disk full) loses this delivery's round, not the fan-out.
      this.#o.logger.error('announcement delivery failed', { ...context(item), error: err });
      return 'failed';
    }
  }

  async #post(lane: Lane, item: Due, payloads: Map<string, Reply>): Promise<DeliveryOutcome> {
    const { subscription: sub, occurrence: occ } = item;
    const { clock, retry, logger, store } = this.#o;
    const key = idempotencyKey(sub.id, occ.key);
    const finish = (
      state: 'posted' | 'failed' | 'unknown',
      extra: { messageRef?: string; error?: string } = {},
    ) => store.finish(sub.id, occ.key, this.owner, { state, ...extra }, clock.now());

    // One text per occurrence and language in a fan-out: channels on the same schedule, zone and language
    // get the same announcement, composed once.
    const payloadKey = `${sub.language}|${occ.key}`;
    let payload = payloads.get(payloadKey);
    if (!payload) {
      try {
        payload = this.#o.compose(occ, clock.now(), { language: sub.language });
      } catch (err) {
        await finish('failed', {
          error: `could not compose the announcement: ${err instanceof Error ? err.message : String(err)}`,
        });
        logger.error('announcement could not be composed', { ...context(item), error: err });
        return 'failed';
      }
      payloads.set(payloadKey, payload);
    }

    let transient = 0;
    let limited = 0;
    for (;;) {
      await this.#waitForHold(lane, sub.workspaceId);
      await this.heartbeat();
      let receipt: PostReceipt | undefined;
      try {
        receipt = await lane.poster.post(sub, occ, payload, { idempotencyKey: key });
      } catch (raw) {
        const err = toPostError(raw);
        if (err.kind === 'gone' || err.kind === 'forbidden') {
          const reason = `${err.kind === 'gone' ? 'channel not found' : 'the bot may not post here'}: ${err.message}`;
          await finish('failed', { error: reason });
          await store.pause(sub.id, reason, clock.now());
          logger.warn('announcement subscription paused', { ...context(item), reason });
          return 'paused';
        }
        if (err.kind === 'rate-limited') {
          if (++limited > retry.rateLimitedAttempts) {
            await finish('failed', { error: `still rate limited after ${limited - 1} waits` });
            logger.error('announcement gave up on rate limits', context(item));
            return 'failed';
          }
          const wait = err.retryAfterMs ?? retry.defaultRetryAfterMs;
          if (err.scope === 'channel') await this.#sleepAlive(wait);
          else lane.hold(err.scope, sub.workspaceId, clock.now().getTime() + wait);
          continue;
        }
        // Transient: a timeout may have posted after all; ask the platform before trying again.
        if (err.ambiguous && lane.poster.findPosted) {
          const found = await lane.poster.findPosted(sub, key).catch(() => 'unknown' as const);
          if (found === 'posted') {
            await finish('posted');
            return 'posted';
          }
        }
        if (++transient >= retry.transientAttempts) {
          await finish('failed', { error: `gave up after ${transient} attempts: ${err.message}` });
          logger.error('announcement gave up after retries', { ...context(item), error: err.message });
          return 'failed';
        }
        logger.info('announcement retrying', { ...context(item), attempt: transient, error: err.message });
        await this.#sleepAlive(this.backoff(transient));
        continue;
      }
      // Posted. Recording it is outside the poster's try: a database error here must not look like a
      // failed post and cause a second one. The claim stays open and is settled on the next start.
      try {
        await finish('posted', receipt?.messageRef ? { messageRef: receipt.messageRef } : {});
      } catch (err) {
        logger.error('announcement posted but not recorded; it will be settled on restart', {
          ...context(item),
          error: err,
        });
      }
      return 'posted';
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.#o.retry;
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return cap / 2 + this.#o.random() * (cap / 2);
  }

  async #waitForHold(lane: Lane, workspaceId: string): Promise<void> {
    for (let wait = lane.heldUntil(workspaceId) - this.#o.clock.now().getTime(); wait > 0; ) {
      await this.#sleepAlive(wait);
      wait = lane.heldUntil(workspaceId) - this.#o.clock.now().getTime();
    }
  }

  /** Sleep in slices, heartbeating between them, so a long rate-limit wait does not look like a crash. */
  async #sleepAlive(ms: number): Promise<void> {
    const until = this.#o.clock.now().getTime() + ms;
    for (let left = ms; left > 0; left = until - this.#o.clock.now().getTime()) {
      await this.#o.sleep(Math.min(left, this.#o.heartbeatEveryMs));
      await this.heartbeat();
    }
  }
}

/** Anything a poster throws that is not a PostError is an unexpected failure: retry it, carefully. */
export function toPostError(err: unknown): PostError {
  if (err instanceof PostError) return err;
  return new PostError('transient', err instanceof Error ? err.message : String(err), { ambiguous: true });
}

export function context({ subscription: s, occurrence: o }: Due): Record<string, unknown> {
  return { subscription: s.id, target: describeTarget(s), occurrence: o.key };
}
