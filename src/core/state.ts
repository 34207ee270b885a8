// Shared state: the little the bot must remember across requests so that work happens once even with
// several processes or hosts answering (a redelivered event, a user flooding every host in turn). Stores
// implement `StateStore`: memory for one process (./state-memory.ts), and in src/storage a SQLite file for
// the processes of one host and PostgreSQL for several hosts.
//
// Stores only ever see keyed hashes: `SharedState` turns a scope and an id (a user, an event) into
// HMAC-SHA256(secret, scope, id) before any store is asked, and the stores refuse anything else. A store that
// fails or is slow never fails the caller: `SharedState` answers from this process's memory instead (the
// behaviour of a single process) and reports the outage once, until the store answers again. While it is
// failing the store is tried again only every few seconds, so an outage does not add a timeout's wait to
// every answer.
import { createHmac, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';
import { CodedError, hasCode } from './errors.js';
import { MemoryStateStore } from './state-memory.js';
import type { StateStore } from './state-store.js';
import { within } from './timeout.js';

/** The shortest secret accepted for keying state shared between processes. */
export const MIN_STATE_SECRET = 32;

/** How long a store call may take before this process answers from its own memory instead. */
export const DEFAULT_STATE_TIMEOUT_MS = 1_000;

/** After a failure, calls go straight to memory for this long before the store is tried again. */
export const STATE_RETRY_AFTER_MS = 5_000;

export interface SharedStateOptions {
  /** Default: this process's memory. */
  store?: StateStore;
  /**
   * The HMAC key. Required for a shared store (every process must hash alike); without one, a random key
   * for this process's life, as nothing outside it needs to recognise the keys.
   */
  secret?: string | undefined;
  /** Expiry in this process's memory (the store's own when it is memory, and the fallback's). */
  clock?: Clock;
  timeoutMs?: number;
}

export type StateReporter = (error: CodedError) => void;

interface Shared {
  store: StateStore;
  clock: Clock;
  key: Buffer;
  fallback: MemoryStateStore;
  timeoutMs: number;
}

export class SharedState {
  readonly #shared: Shared;
  readonly #report: StateReporter | undefined;
  /** True from a failure until the store answers again: an outage is reported once. */
  #failing = false;
  /** While failing, the store is not asked before this time (ms on the clock). */
  #retryAt = 0;

  constructor(opts: SharedStateOptions = {}, report?: StateReporter, shared?: Shared) {
    this.#report = report;
    if (shared) {
      this.#shared = shared;
      return;
    }
    const clock = opts.clock ?? systemClock;
    const store = opts.store ?? new MemoryStateStore({ clock });
    if (opts.secret === undefined && store.shared) {
      throw new CodedError(
        'state_secret_missing',
        `The ${store.kind} shared state needs a configured secret: each process would hash keys differently`,
      );
    }
    if (opts.secret !== undefined && opts.secret.length < MIN_STATE_SECRET) {
      throw new CodedError(
        'state_secret_short',
        `The shared state secret must be at least ${MIN_STATE_SECRET} characters`,
      );
    }
    this.#shared = {
      store,
      clock,
      key: opts.secret === undefined ? randomBytes(32) : Buffer.from(opts.secret, 'utf8'),
      fallback: new MemoryStateStore({ clock }),
      timeoutMs: opts.timeoutMs ?? DEFAULT_STATE_TIMEOUT_MS,
    };
  }

  get kind(): string {
    return this.#shared.store.kind;
  }

  /** Whether answers come from a store other processes share (when it is reachable). */
  get shared(): boolean {
    return this.#shared.store.shared;
  }

  /** The same state, reporting its outages to `report` (an adapter's sink), each outage once. */
  reportingTo(report: StateReporter): SharedState {
    return new SharedState({}, report, this.#shared);
  }

  /** The keyed hash a store sees for `id` in `scope` (a scope keeps uses apart: events, cooldowns). */
  keyOf(scope: string, id: string): string {
    return createHmac('sha256', this.#shared.key).update(`${scope}\0${id}`).digest('hex');
  }

  /**
   * Whether this is the first time `id` is seen in `scope` within `ttlMs`. `shared` says whether the
   * answer came from the shared store (every process agrees) or from this process's memory alone (no
   * shared store, or it is unreachable just now).
   */
  async firstSeen(scope: string, id: string, ttlMs: number): Promise<{ first: boolean; shared: boolean }> {
    const key = this.keyOf(scope, id);
    const { store, fallback } = this.#shared;
    const first = await this.#call((s) => s.firstSeen(key, ttlMs));
    if (first !== undefined) return { first, shared: store.shared };
    return { first: await fallback.firstSeen(key, ttlMs), shared: false };
  }

  /** Counts a hit for `id` in `scope` (see StateStore.hit); from this process's memory in an outage. */
  async hit(scope: string, id: string, windowMs: number): Promise<number> {
    const key = this.keyOf(scope, id);
    const counted = await this.#call((s) => s.hit(key, windowMs));
    return counted ?? this.#shared.fallback.hit(key, windowMs);
  }

  async close(): Promise<void> {
    await this.#shared.store.close();
  }

  /** The store's answer, or undefined when it failed or took too long (reported once per outage). */
  async #call<T>(use: (store: StateStore) => Promise<T>): Promise<T | undefined> {
    const { store, timeoutMs, clock } = this.#shared;
    if (this.#failing && clock.now().getTime() < this.#retryAt) return undefined;
    let failure: CodedError;
    try {
      const result = await within(use(store), timeoutMs);
      if (!result.timedOut) {
        this.#failing = false;
        return result.value;
      }
      failure = new CodedError(
        'state_timeout',
        `The ${store.kind} shared state did not answer within ${timeoutMs} ms`,
      );
    } catch (error) {
      const reason = hasCode(error) ? error.code : error instanceof Error ? error.name : 'error';
      failure = new CodedError('state_unavailable', `The ${store.kind} shared state failed (${reason})`, {
        cause: error,
      });
    }
    this.#retryAt = clock.now().getTime() + STATE_RETRY_AFTER_MS;
    if (!this.#failing) {
      this.#failing = true;
      this.#report?.(failure);
    }
    return undefined;
  }
}
