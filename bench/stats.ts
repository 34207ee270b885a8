// Small statistics helpers for the benchmarks: medians and percentiles, not means (the machines are noisy).

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function summarise(samples: readonly number[]): { median: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

/** Time each call of `fn` over `inputs`, `rounds` times, in milliseconds. */
export function timeEach<T>(inputs: readonly T[], rounds: number, fn: (input: T) => unknown): number[] {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const t0 = process.hrtime.bigint();
      fn(input);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return samples;
}

export const fmt = (ms: number, digits = 3) => `${ms.toFixed(digits)} ms`;
export const ratio = (a: number, b: number) => `${(a / b).toPrecision(2)}x`;
