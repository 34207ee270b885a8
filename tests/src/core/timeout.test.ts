import { describe, expect, it } from 'vitest';
import { within } from '../../../src/core/timeout.js';

describe('within', () => {
  it('gives the value when the work settles in time', async () => {
    expect(await within(Promise.resolve(7), 1000)).toEqual({ timedOut: false, value: 7 });
  });

  it('says it timed out when the work is still pending at the limit', async () => {
    const started = Date.now();
    expect(await within(new Promise(() => {}), 50)).toEqual({ timedOut: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rethrows a rejection instead of reporting a timeout', async () => {
    await expect(within(Promise.reject(new Error('refused')), 1000)).rejects.toThrow('refused');
  });
});
