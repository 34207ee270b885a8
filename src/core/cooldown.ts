// Per-user flood control shared by the chat adapters. The count lives in the shared state (./state.ts), so
// with several processes or hosts the limit holds for a user however their questions are spread; users are
// only ever stored as keyed hashes, and only for one window.
import type { Clock } from './clock.js';
import { SharedState } from './state.js';

export type CooldownVerdict = 'allow' | 'notice' | 'silent';

/** Five questions per ten seconds is more than a person types; a script or a stuck key is not. */
export const DEFAULT_COOLDOWN = { limit: 5, windowMs: 10_000 };

/** Keeps cooldown keys apart from every other use of the shared state. */
const SCOPE = 'cooldown';

export class Cooldown {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #state: SharedState;

  constructor(opts: { limit: number; windowMs: number; clock: Clock; state?: SharedState | undefined }) {
    this.#limit = opts.limit;
    this.#windowMs = opts.windowMs;
    this.#state = opts.state ?? new SharedState({ clock: opts.clock });
  }

  /**
   * `allow` to answer; `notice` once when the flood starts (send a friendly notice); then `silent` until
   * the window, opened by the user's first question, has passed. `user` is the platform's id (qualified
   * by workspace where ids are per workspace); it is hashed before it is stored.
   */
  async check(user: string): Promise<CooldownVerdict> {
    // One atomic count per window: with several hosts exactly one of them sees limit + 1 and sends the
    // notice, however the flood is spread.
    const count = await this.#state.hit(SCOPE, user, this.#windowMs);
    if (count <= this.#limit) return 'allow';
    return count === this.#limit + 1 ? 'notice' : 'silent';
  }
}

export const COOLDOWN_NOTICE =
  "You're asking faster than I can keep up. Give me a few seconds and ask again.";
