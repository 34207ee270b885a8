// respond() (response_url posts) and every Web API call go through timedFetch: a host that accepts the
// connection and never answers costs the timeout, not a stuck handler.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timedFetch } from '../../../adapters/slack/timed-fetch.js';

const server = createServer(() => {
  // Never answers.
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  url = `http://127.0.0.1:${address.port}/hooks/hung`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('timedFetch', () => {
  it('gives up on a hung response_url after the timeout', async () => {
    const started = Date.now();
    const error: unknown = await timedFetch(300)(url, { method: 'POST', body: '{}' }).then(
      () => new Error('answered'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect(error instanceof DOMException ? error.name : '').toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("keeps the caller's own abort signal working", async () => {
    const controller = new AbortController();
    const pending = timedFetch(10_000)(url, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
