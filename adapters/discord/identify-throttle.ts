// An identify throttle shared by every host of one bot, plugged into discord.js through the WebSocket
// option `buildIdentifyThrottler`. discord.js's default (SimpleIdentifyThrottler) spaces identifies within
// one process only; with shards spread over hosts, two hosts would identify in the same bucket at once and
// Discord would refuse one. Here each identify reserves its slot in PostgreSQL (identify-slots.ts) and
// waits for it. A database that does not answer (each call is bounded, a few attempts) falls back to the
// in-memory throttle for that identify, logged: connecting late or being refused once is better than not
// connecting at all, and discord.js reconnects after a refusal.
import { setTimeout as sleep } from 'node:timers/promises';
import { type IIdentifyThrottler, SimpleIdentifyThrottler } from 'discord.js';
import { CodedError, type Logger, within } from '../../src/core/index.js';
import { migrate, openPostgres, type Pool } from '../../src/storage/index.js';
import { errorFields } from './context.js';
import { IDENTIFY_SCOPE, identifyMigrations, reserveSlot } from './identify-slots.js';

/** Discord's identify window: one identify per bucket per 5 seconds. */
export const IDENTIFY_WINDOW_MS = 5_000;
/**
 * Added to every spacing: a slot is reserved on the database's clock but the identify reaches Discord
 * a little later (a busy event loop at start-up, a late timer, the network), and two identifies late by
 * different amounts must still arrive a window apart. 5.5 s in all, as discord.js's ShardingManager spaces
 * its shard processes.
 */
export const IDENTIFY_MARGIN_MS = 500;

export interface SharedThrottleOptions {
  pool: Pool;
  /** Buckets are per bot: another bot on the same database has its own. */
  applicationId: string;
  /** From GET /gateway/bot `session_start_limit.max_concurrency`. */
  maxConcurrency: number;
  logger: Logger;
  /** Discord's window by default; tests against a stand-in with a shorter window pass its own. */
  windowMs?: number;
  marginMs?: number;
  /** The bound on one database call, on this side (the statement timeout is the server's). */
  callTimeoutMs?: number;
  /** Database calls per identify before falling back (default 3). */
  attempts?: number;
  /** Used when the database cannot be reached; discord.js's in-memory throttle by default. */
  fallback?: IIdentifyThrottler;
}

class ThrottleCallFailed extends CodedError {
  constructor(reason: string, options?: ErrorOptions) {
    super('discord_identify_throttle_unavailable', reason, options);
  }
}

/** Rejects with the signal's reason as soon as it aborts, whatever `work` is doing. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A timer that an abort ends at once, rejecting with the signal's own reason as discord.js expects. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
}

export class SharedIdentifyThrottler implements IIdentifyThrottler {
  readonly #opts: Required<Omit<SharedThrottleOptions, 'fallback'>> & { fallback: IIdentifyThrottler };

  constructor(opts: SharedThrottleOptions) {
    if (!Number.isInteger(opts.maxConcurrency) || opts.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a whole number of at least 1, not ${opts.maxConcurrency}`);
    }
    this.#opts = {
      pool: opts.pool,
      applicationId: opts.applicationId,
      maxConcurrency: opts.maxConcurrency,
      logger: opts.logger,
      windowMs: opts.windowMs ?? IDENTIFY_WINDOW_MS,
      marginMs: opts.marginMs ?? IDENTIFY_MARGIN_MS,
      callTimeoutMs: opts.callTimeoutMs ?? 3_000,
      attempts: opts.attempts ?? 3,
      fallback: opts.fallback ?? new SimpleIdentifyThrottler(opts.maxConcurrency),
    };
  }

  /** Resolves when shard `shardId` may identify; rejects promptly with the signal's reason on abort. */
  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const bucket = shardId % this.#opts.maxConcurrency;
    const waitMs = await this.#reserve(bucket, signal);
    if (waitMs === undefined) return this.#opts.fallback.waitForIdentify(shardId, signal);
    if (waitMs > 0) {
      this.#opts.logger.debug('discord identify waiting for its slot', { shard: shardId, bucket, waitMs });
      await pause(waitMs, signal);
    }
  }

  /** The wait before the reserved slot, or undefined when the database did not answer. */
  async #reserve(bucket: number, signal: AbortSignal): Promise<number | undefined> {
    const { pool, applicationId, windowMs, marginMs, callTimeoutMs, attempts, logger } = this.#opts;
    let failure: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const call = within(reserveSlot(pool, applicationId, bucket, windowMs + marginMs), callTimeoutMs);
        const outcome = await untilAborted(call, signal);
        if (!outcome.timedOut) return outcome.value;
        failure = new ThrottleCallFailed(`no answer within ${callTimeoutMs} ms`);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        failure = error;
      }
      if (attempt < attempts) await pause(200 * attempt, signal);
    }
    logger.warn('discord identify throttle unavailable; spacing this identify in this process only', {
      ...errorFields(failure),
      code: 'discord_identify_throttle_unavailable',
      bucket,
      attempts,
    });
    return undefined;
  }
}

/** What startDiscord plugs into the client, and closes when it stops. */
export interface SharedIdentify {
  /** For ClientOptions.ws.buildIdentifyThrottler: asks Discord for max_concurrency, as the default does. */
  build(manager: GatewayInfoSource): Promise<IIdentifyThrottler>;
  close(): Promise<void>;
}

/** The part of @discordjs/ws's WebSocketManager the builder uses. */
export interface GatewayInfoSource {
  fetchGatewayInformation(): Promise<{ session_start_limit: { max_concurrency: number } }>;
}

export interface OpenSharedIdentifyOptions {
  databaseUrl: string;
  applicationId: string;
  logger: Logger;
  windowMs?: number;
}

/** Opens the pool and its table (migrated once across hosts); a database that is unusable fails start-up. */
export async function openSharedIdentify(opts: OpenSharedIdentifyOptions): Promise<SharedIdentify> {
  const pool = await openPostgres(opts.databaseUrl, {
    applicationName: 'optout-bot discord identify',
    // Identifies are few and one at a time per shard: two connections cover a host's bursts.
    max: 2,
    connectTimeoutMs: 3_000,
    statementTimeoutMs: 3_000,
  });
  try {
    await migrate(pool, IDENTIFY_SCOPE, identifyMigrations);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const throttlers = new Map<number, SharedIdentifyThrottler>();
  return {
    async build(manager) {
      const limit = (await manager.fetchGatewayInformation()).session_start_limit.max_concurrency;
      // Discord always sends a whole number of at least 1; anything else is read as 1, the strictest.
      const maxConcurrency = Number.isInteger(limit) && limit >= 1 ? limit : 1;
      // One per max_concurrency, so the in-memory fallback keeps one state however often discord.js asks.
      let throttler = throttlers.get(maxConcurrency);
      if (!throttler) {
        throttler = new SharedIdentifyThrottler({
          pool,
          applicationId: opts.applicationId,
          maxConcurrency,
          logger: opts.logger,
          windowMs: opts.windowMs,
        });
        throttlers.set(maxConcurrency, throttler);
      }
      return throttler;
    },
    close: () => pool.end(),
  };
}
