import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { Cooldown } from '../../../src/core/cooldown.js';
import { SharedState } from '../../../src/core/state.js';
import { MemoryStateStore } from '../../../src/core/state-memory.js';

function cooldownInMemory(limit: number, windowMs: number, clock: ManualClock) {
  const store = new MemoryStateStore({ clock });
  const cd = new Cooldown({ limit, windowMs, clock, state: new SharedState({ store, clock }) });
  return { cd, store };
}

describe('Cooldown', () => {
  it('allows 5 in 10 s, then one notice, then silence, then allows again after the window', async () => {
    const clock = new ManualClock(0);
    const cd = new Cooldown({ limit: 5, windowMs: 10_000, clock });
    const verdicts: string[] = [];
    for (let i = 0; i < 8; i++) {
      clock.advance(100);
      verdicts.push(await cd.check('u1'));
    }
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'notice', 'silent', 'silent']);
    expect(await cd.check('u2')).toBe('allow');
    clock.advance(10_000);
    expect(await cd.check('u1')).toBe('allow');
  });

  it('sweep forgets users whose window passed, so memory stays bounded', async () => {
    const clock = new ManualClock(0);
    const { cd, store } = cooldownInMemory(1, 1_000, clock);
    for (let i = 0; i < 100; i++) await cd.check(`u${i}`);
    expect(store.size).toBe(100);
    clock.advance(1_000);
    expect(store.sweep()).toBe(100);
    expect(store.size).toBe(0);
  });

  it('without any sweep() call, users whose window passed are forgotten as checks go on', async () => {
    const clock = new ManualClock(0);
    const { cd, store } = cooldownInMemory(1, 1_000, clock);
    for (let i = 0; i < 150; i++) await cd.check(`old${i}`);
    clock.advance(1_000);
    // A new window opens every second: each one is a write, and writes sweep as they go.
    for (let i = 0; i < 60; i++) {
      await cd.check('busy');
      clock.advance(1_000);
    }
    expect(store.size).toBe(1);
  });

  it('keeps only keyed hashes: the user id is nowhere in what the store holds', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryStateStore({ clock });
    const seen: string[] = [];
    const recording = {
      kind: 'recording',
      shared: false,
      firstSeen: (key: string, ttl: number) => store.firstSeen(key, ttl),
      hit: (key: string, windowMs: number) => {
        seen.push(key);
        return store.hit(key, windowMs);
      },
      close: () => store.close(),
    };
    const cd = new Cooldown({
      limit: 5,
      windowMs: 1_000,
      clock,
      state: new SharedState({ store: recording }),
    });
    await cd.check('T1:U123456');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(seen[0]).not.toContain('U123456');
  });
});
