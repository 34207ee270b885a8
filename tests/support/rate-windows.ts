// Rate limits for the platform stand-ins: fixed 1-second windows counted from one moment (reset() moves it,
// so a benchmark's rate-limit floor and the stand-ins' windows start together), and sliding per-key
// buckets ("5 messages per 5 seconds").

export class FixedWindows {
  #epoch = Date.now();
  readonly #windows = new Map<string, { index: number; count: number }>();

  /** Start the windows now. */
  reset(): void {
    this.#epoch = Date.now();
    this.#windows.clear();
  }

  /** Milliseconds since the windows started. */
  elapsed(): number {
    return Date.now() - this.#epoch;
  }

  /** Count a request against `key`; returns ms until its window ends if `limit` is already reached. */
  take(key: string, limit: number): number | undefined {
    const elapsed = this.elapsed();
    const index = Math.floor(elapsed / 1_000);
    const w = this.#windows.get(key);
    if (!w || w.index !== index) {
      this.#windows.set(key, { index, count: 1 });
      return undefined;
    }
    if (w.count >= limit) return (index + 1) * 1_000 - elapsed;
    w.count++;
    return undefined;
  }
}

/** Per-key sliding buckets of `count` requests per `windowMs`. */
export class SlidingBuckets {
  readonly #recent = new Map<string, number[]>();

  constructor(readonly limit: { count: number; windowMs: number }) {}

  /** The key's requests still inside the window, oldest first. */
  recent(key: string, now = Date.now()): number[] {
    const recent = (this.#recent.get(key) ?? []).filter((t) => now - t < this.limit.windowMs);
    this.#recent.set(key, recent);
    return recent;
  }

  /** Ms until the key may send again, or undefined (and the request is counted) if it may now. */
  take(key: string, now = Date.now()): number | undefined {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit.count) return (recent[0] ?? now) + this.limit.windowMs - now;
    recent.push(now);
    return undefined;
  }
}
