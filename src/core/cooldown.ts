// Per-user flood control shared by the chat adapters. Platform ids are hashed with a per-process salt
// before they are kept, only in memory and only for one window: nothing can be matched back to a user.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

export type CooldownVerdict = 'allow' | 'notice' | 'silent';

/** Five questions per ten seconds is more than a person types; a script or a stuck key is not. */
export const DEFAULT_COOLDOWN = { limit: 5, windowMs: 10_000 };

/** Sweep expired users every this many checks: memory stays bounded without a timer to stop. */
const SWEEP_EVERY = 200;

export class Cooldown {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #salt = randomBytes(16);
  readonly #hits = new Map<string, { times: number[]; noticed: boolean }>();
  #checks = 0;

  constructor(opts: { limit: number; windowMs: number; clock: Clock }) {
    this.#limit = opts.limit;
    this.#windowMs = opts.windowMs;
    this.#clock = opts.clock;
  }

  /**
   * `allow` to answer; `notice` once when the flood starts (send a friendly notice); then `silent`.
   * `user` is the platform's id (qualified by workspace where ids are per workspace); it is hashed here.
   */
  check(user: string): CooldownVerdict {
    if (++this.#checks % SWEEP_EVERY === 0) this.sweep();
    const key = createHash('sha256').update(this.#salt).update(user).digest('base64url').slice(0, 22);
    const now = this.#clock.now().getTime();
    const state = this.#hits.get(key) ?? { times: [], noticed: false };
    state.times = state.times.filter((t) => now - t < this.#windowMs);
    if (state.times.length === 0) state.noticed = false;
    this.#hits.set(key, state);
    if (state.times.length < this.#limit) {
      state.times.push(now);
      return 'allow';
    }
    if (state.noticed) return 'silent';
    state.noticed = true;
    return 'notice';
  }

  /** Drop users whose window has passed. */
  sweep(): void {
    const now = this.#clock.now().getTime();
    for (const [key, state] of this.#hits) {
      if (state.times.every((t) => now - t >= this.#windowMs)) this.#hits.delete(key);
    }
  }

  get size(): number {
    return this.#hits.size;
  }
}

export const COOLDOWN_NOTICE =
  "You're asking faster than I can keep up. Give me a few seconds and ask again.";
