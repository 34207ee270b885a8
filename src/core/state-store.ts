// The port every shared-state store implements, and the one rule they all enforce on keys.
// See ./state.ts for how the bot uses it.
import { CodedError } from './errors.js';

export interface StateStore {
  /** For logs: memory, sqlite, postgres. */
  readonly kind: string;
  /** True when other processes see the same keys and the keys outlive a restart (a database). */
  readonly shared: boolean;
  /** Records `key` for `ttlMs`: true for the one caller that recorded it, false while it is recorded. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Counts one hit in `key`'s window, which the first hit opens for `windowMs`; returns the count with
   * this hit included (1 in a new window). Atomic: concurrent hits from any handle each get their own count.
   */
  hit(key: string, windowMs: number): Promise<number>;
  close(): Promise<void>;
}

/** The only keys a store accepts: a hex HMAC-SHA256, so no raw id can reach a table by mistake. */
const KEY = /^[0-9a-f]{64}$/;

export function checkStateKey(key: string): void {
  if (!KEY.test(key)) throw new CodedError('state_key_invalid', 'A state key must be a keyed hash');
}

/** What every store checks before it is asked anything: a keyed hash and a whole, positive duration. */
export function checkStateArgs(key: string, ms: number): void {
  checkStateKey(key);
  if (!Number.isSafeInteger(ms) || ms < 1) {
    throw new CodedError('state_ttl_invalid', 'A state duration must be a whole number of ms, at least 1');
  }
}
