// The shared-state store for one process: a map in memory, with expiry by the injected clock. It is the
// default (one process, nothing to configure) and what SharedState falls back on when a shared store is
// unreachable. Bounded twice: expired keys are swept as calls go on, and past `maxKeys` the oldest go.
import type { Clock } from './clock.js';
import { checkStateArgs, type StateStore } from './state-store.js';

/** Sweep expired keys every this many writes: memory stays bounded without a timer to stop. */
const SWEEP_EVERY = 200;

/** Far more than one process sees in an hour of real traffic; a flood of fresh ids stops here. */
export const DEFAULT_MAX_KEYS = 100_000;

export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  readonly shared = false;
  readonly #clock: Clock;
  readonly #maxKeys: number;
  readonly #entries = new Map<string, { count: number; expiresAt: number }>();
  #writes = 0;

  constructor(opts: { clock: Clock; maxKeys?: number }) {
    this.#clock = opts.clock;
    this.#maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    checkStateArgs(key, ttlMs);
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now) return false;
    this.#write(key, now + ttlMs);
    return true;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    checkStateArgs(key, windowMs);
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now) return ++entry.count;
    this.#write(key, now + windowMs);
    return 1;
  }

  /** Drops expired keys; returns how many. */
  sweep(): number {
    const now = this.#now();
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Keys held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  #write(key: string, expiresAt: number): void {
    // Re-inserted, so the map's order stays oldest write first: what the cap below drops first.
    this.#entries.delete(key);
    this.#entries.set(key, { count: 1, expiresAt });
    if (++this.#writes % SWEEP_EVERY === 0) this.sweep();
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxKeys) break;
      this.#entries.delete(oldest);
    }
  }
}
