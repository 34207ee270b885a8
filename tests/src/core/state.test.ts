// SharedState, the face the bot uses: keyed hashes, and a store outage that never fails the caller (this
// process's memory answers meanwhile) and is reported once per outage.
import { describe, expect, it } from 'vitest';
import {
  type CodedError,
  ManualClock,
  MemoryStateStore,
  SharedState,
  STATE_RETRY_AFTER_MS,
  type StateStore,
} from '../../../src/core/index.js';

const SECRET = 'unit-test-secret-0123456789abcdef-xyz';

/** A store that works, fails or hangs as the test says; "shared" like a database. */
function switchable(clock: ManualClock) {
  const inner = new MemoryStateStore({ clock });
  let mode: 'up' | 'down' | 'hang' = 'up';
  const asked = { count: 0 };
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    asked.count++;
    if (mode === 'down')
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    if (mode === 'hang') return new Promise<T>(() => {});
    return work();
  };
  const store: StateStore = {
    kind: 'test-db',
    shared: true,
    firstSeen: (key, ttl) => run(() => inner.firstSeen(key, ttl)),
    hit: (key, windowMs) => run(() => inner.hit(key, windowMs)),
    close: () => inner.close(),
  };
  return {
    store,
    asked,
    set: (m: typeof mode) => {
      mode = m;
    },
  };
}

describe('SharedState', () => {
  it('answers from the shared store when it is up, and says so', async () => {
    const clock = new ManualClock(0);
    const db = switchable(clock);
    const state = new SharedState({ store: db.store, secret: SECRET, clock });
    expect(await state.firstSeen('ev', 'E1', 60_000)).toEqual({ first: true, shared: true });
    expect(await state.firstSeen('ev', 'E1', 60_000)).toEqual({ first: false, shared: true });
    expect(await state.hit('cd', 'U1', 60_000)).toBe(1);
  });

  it('in an outage answers from memory (not shared), reports once, and again after a recovery', async () => {
    const clock = new ManualClock(0);
    const db = switchable(clock);
    const reported: CodedError[] = [];
    const state = new SharedState({ store: db.store, secret: SECRET, clock }).reportingTo((e) =>
      reported.push(e),
    );
    db.set('down');
    expect(await state.firstSeen('ev', 'E1', 60_000)).toEqual({ first: true, shared: false });
    expect(await state.firstSeen('ev', 'E1', 60_000)).toEqual({ first: false, shared: false });
    expect([await state.hit('cd', 'U1', 60_000), await state.hit('cd', 'U1', 60_000)]).toEqual([1, 2]);
    expect(reported.map((e) => e.code)).toEqual(['state_unavailable']);
    expect(reported[0]?.message).toContain('ECONNREFUSED');
    db.set('up');
    clock.advance(STATE_RETRY_AFTER_MS);
    expect(await state.hit('cd', 'U1', 60_000)).toBe(1);
    db.set('down');
    await state.hit('cd', 'U1', 60_000);
    expect(reported.map((e) => e.code)).toEqual(['state_unavailable', 'state_unavailable']);
  });

  it('while failing, the store is asked again only after a pause, so answers do not wait on it', async () => {
    const clock = new ManualClock(0);
    const db = switchable(clock);
    const state = new SharedState({ store: db.store, secret: SECRET, clock });
    db.set('down');
    await state.hit('cd', 'U1', 60_000);
    const asked = db.asked.count;
    for (let i = 0; i < 10; i++) await state.firstSeen('ev', `E${i}`, 60_000);
    expect(db.asked.count).toBe(asked);
    db.set('up');
    clock.advance(STATE_RETRY_AFTER_MS - 1);
    expect(await state.firstSeen('ev', 'E0', 60_000)).toEqual({ first: false, shared: false });
    clock.advance(1);
    expect(await state.firstSeen('ev', 'E0', 60_000)).toEqual({ first: true, shared: true });
    expect(db.asked.count).toBe(asked + 1);
  });

  it('a store that hangs is abandoned after the timeout and memory answers', async () => {
    const clock = new ManualClock(0);
    const db = switchable(clock);
    const reported: CodedError[] = [];
    const state = new SharedState({ store: db.store, secret: SECRET, clock, timeoutMs: 100 }).reportingTo(
      (e) => reported.push(e),
    );
    db.set('hang');
    const started = performance.now();
    expect(await state.firstSeen('ev', 'E1', 60_000)).toEqual({ first: true, shared: false });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(reported.map((e) => e.code)).toEqual(['state_timeout']);
  });

  it('each view reports its own outage once; the views share the store and the memory', async () => {
    const clock = new ManualClock(0);
    const db = switchable(clock);
    const base = new SharedState({ store: db.store, secret: SECRET, clock });
    const a: string[] = [];
    const b: string[] = [];
    const viewA = base.reportingTo((e) => a.push(e.code));
    const viewB = base.reportingTo((e) => b.push(e.code));
    db.set('down');
    expect(await viewA.hit('cd', 'U1', 60_000)).toBe(1);
    expect(await viewB.hit('cd', 'U1', 60_000)).toBe(2);
    await viewA.hit('cd', 'U1', 60_000);
    expect([a, b]).toEqual([['state_unavailable'], ['state_unavailable']]);
  });

  it('a shared store without a secret is refused (hosts would hash differently); a short secret too', () => {
    const db = switchable(new ManualClock(0));
    expect(() => new SharedState({ store: db.store })).toThrow(
      expect.objectContaining({ code: 'state_secret_missing' }),
    );
    expect(() => new SharedState({ store: db.store, secret: 'short' })).toThrow(
      expect.objectContaining({ code: 'state_secret_short' }),
    );
  });

  it('keys are HMACs of scope and id: the same secret agrees across processes, another does not', () => {
    const one = new SharedState({ secret: SECRET });
    const two = new SharedState({ secret: SECRET });
    const other = new SharedState({ secret: `${SECRET}-other` });
    const random = new SharedState({});
    expect(one.keyOf('cooldown', 'T1:U1')).toMatch(/^[0-9a-f]{64}$/);
    expect(one.keyOf('cooldown', 'T1:U1')).toBe(two.keyOf('cooldown', 'T1:U1'));
    expect(one.keyOf('cooldown', 'T1:U1')).not.toBe(other.keyOf('cooldown', 'T1:U1'));
    expect(one.keyOf('cooldown', 'T1:U1')).not.toBe(random.keyOf('cooldown', 'T1:U1'));
    expect(one.keyOf('cooldown', 'T1:U1')).not.toBe(one.keyOf('slack-event', 'T1:U1'));
  });
});
