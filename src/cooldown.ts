// Per-user flood control shared by the chat adapters. Keys are opaque (the adapter hashes or passes a
// platform id); they live only in memory and only for one window.
import type { Clock } from './clock.js';

export type CooldownVerdict = 'allow' | 'notice' | 'silent';

export class Cooldown {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #hits = new Map<string, { times: number[]; noticed: boolean }>();

  constructor(opts: { limit: number; windowMs: number; clock: Clock }) {
    this.#limit = opts.limit;
    this.#windowMs = opts.windowMs;
    this.#clock = opts.clock;
  }

  /** `allow` to answer; `notice` once when the flood starts (send a friendly notice); then `silent`. */
  check(key: string): CooldownVerdict {
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

  /** Drop state for keys whose window has passed, so memory stays bounded. */
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
