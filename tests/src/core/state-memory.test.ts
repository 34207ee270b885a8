// The memory store: the shared-state contract in one process, and its cap on keys.
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryStateStore, SharedState } from '../../../src/core/index.js';
import { stateContract } from '../../support/contracts/state-contract.js';

stateContract({
  name: 'memory',
  shortMs: 1_000,
  sweepEvery: 200,
  async open() {
    const clock = new ManualClock(0);
    const store = new MemoryStateStore({ clock });
    return {
      // One process has one map: both "handles" are the same store.
      a: store,
      b: store,
      advance: async (ms) => clock.advance(ms),
      size: async () => store.size,
      sweep: async () => store.sweep(),
      close: () => store.close(),
    };
  },
});

describe('the memory store', () => {
  it('past maxKeys drops the oldest keys first, so a flood of fresh ids cannot grow it', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryStateStore({ clock, maxKeys: 10 });
    const keys = new SharedState({ clock });
    for (let i = 0; i < 25; i++) await store.firstSeen(keys.keyOf('t', `id${i}`), 60_000);
    expect(store.size).toBe(10);
    // The newest are still known; the oldest were dropped and count as new again.
    expect(await store.firstSeen(keys.keyOf('t', 'id24'), 60_000)).toBe(false);
    expect(await store.firstSeen(keys.keyOf('t', 'id0'), 60_000)).toBe(true);
  });
});
