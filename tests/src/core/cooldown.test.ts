import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { Cooldown } from '../../../src/core/cooldown.js';

describe('Cooldown', () => {
  it('allows 5 in 10 s, then one notice, then silence, then allows again after the window', () => {
    const clock = new ManualClock(0);
    const cd = new Cooldown({ limit: 5, windowMs: 10_000, clock });
    const verdicts = Array.from({ length: 8 }, () => {
      clock.advance(100);
      return cd.check('u1');
    });
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'notice', 'silent', 'silent']);
    expect(cd.check('u2')).toBe('allow');
    clock.advance(10_000);
    expect(cd.check('u1')).toBe('allow');
  });

  it('sweep forgets users whose window passed, so memory stays bounded', () => {
    const clock = new ManualClock(0);
    const cd = new Cooldown({ limit: 1, windowMs: 1_000, clock });
    for (let i = 0; i < 100; i++) cd.check(`u${i}`);
    expect(cd.size).toBe(100);
    clock.advance(1_000);
    cd.sweep();
    expect(cd.size).toBe(0);
  });

  it('without any sweep() call, users whose window passed are forgotten as checks go on', () => {
    const clock = new ManualClock(0);
    const cd = new Cooldown({ limit: 1, windowMs: 1_000, clock });
    for (let i = 0; i < 150; i++) cd.check(`old${i}`);
    clock.advance(1_000);
    for (let i = 0; i < 60; i++) cd.check('busy');
    expect(cd.size).toBe(1);
  });
});
