// Flood control and redelivery protection. Both keep only opaque keys in memory: a hash of the user, and
// Slack's event ids; no message text.
import { createHash } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import { Cooldown, type CooldownVerdict } from '../../src/cooldown.js';

/** Five questions per ten seconds is more than a person types; a script or a stuck key is not. */
export const DEFAULT_COOLDOWN = { limit: 5, windowMs: 10_000 };

export class UserCooldown {
  readonly #cooldown: Cooldown;
  #checks = 0;

  constructor(opts: { limit: number; windowMs: number; clock: Clock }) {
    this.#cooldown = new Cooldown(opts);
  }

  /** The verdict for one more answer to this user; the ids are hashed so none is kept as it came. */
  check(teamId: string | undefined, userId: string): CooldownVerdict {
    // Sweeping now and then keeps memory bounded without a timer to stop.
    if (++this.#checks % 200 === 0) this.#cooldown.sweep();
    const key = createHash('sha256')
      .update(`${teamId ?? ''}:${userId}`)
      .digest('base64url')
      .slice(0, 22);
    return this.#cooldown.check(key);
  }
}

/** Remembers the last few thousand event ids, so an event delivered twice is answered once. */
export class RecentEvents {
  readonly #seen = new Set<string>();
  readonly #max: number;

  constructor(max = 5000) {
    this.#max = max;
  }

  /** True the first time an id is offered, false after. */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
