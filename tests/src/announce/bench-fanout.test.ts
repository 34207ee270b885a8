// A small run of the fan-out benchmark, so it keeps working between `npm run bench` runs.
import { expect, test } from 'vitest';
import { benchFanout } from '../../../bench/announce-fanout.js';

test('a 200-channel fan-out through rate-limited stand-ins delivers exactly once each, never faster than the limits allow', async () => {
  const r = await benchFanout({
    subscriptions: 200,
    slackWorkspaces: 10,
    limits: { slackPerWorkspacePerSecond: 5, discordPerSecond: 60 },
  });
  expect(r.delivered).toBe(200);
  expect(r.duplicates).toBe(0);
  expect(r.floorMs).toBe(1_000);
  expect(r.rateLimited).toBeGreaterThan(0);
  expect(r.elapsedMs).toBeGreaterThanOrEqual(r.floorMs);
  expect(r.ratio).toBeLessThan(4);
});
