// The gateway's identify limit, as FakeDiscord enforces it when asked: shard s identifies in bucket
// s % max_concurrency, and a bucket accepts one IDENTIFY per window (Discord's is 5 s). Every attempt is
// recorded with the stand-in's own clock, so identifies from several bot processes are measured where
// Discord measures them: on arrival.

export interface IdentifyAttempt {
  shard: number;
  shardCount: number;
  bucket: number;
  /** Milliseconds on the stand-in's clock (performance.now()). */
  at: number;
  /** Closed with 4008 because the bucket's previous identify was within the window. */
  rejected: boolean;
}

export class IdentifyLimit {
  readonly attempts: IdentifyAttempt[] = [];
  readonly #lastAccepted = new Map<number, number>();

  constructor(
    readonly maxConcurrency: number,
    readonly windowMs: number,
    readonly enforce: boolean,
  ) {}

  /** Records the attempt; false when it must be refused. */
  admit(shard: number, shardCount: number): boolean {
    const at = performance.now();
    const bucket = shard % this.maxConcurrency;
    const last = this.#lastAccepted.get(bucket);
    const rejected = this.enforce && last !== undefined && at - last < this.windowMs;
    this.attempts.push({ shard, shardCount, bucket, at, rejected });
    if (!rejected) this.#lastAccepted.set(bucket, at);
    return !rejected;
  }

  get rejected(): IdentifyAttempt[] {
    return this.attempts.filter((a) => a.rejected);
  }

  /** Per bucket, the gaps in ms between accepted identifies, in arrival order. */
  gapsPerBucket(): Map<number, number[]> {
    const times = new Map<number, number[]>();
    for (const a of this.attempts.filter((x) => !x.rejected)) {
      times.set(a.bucket, [...(times.get(a.bucket) ?? []), a.at]);
    }
    const gaps = new Map<number, number[]>();
    for (const [bucket, ts] of times)
      gaps.set(
        bucket,
        ts.slice(1).map((t, i) => t - (ts[i] ?? t)),
      );
    return gaps;
  }
}
