// What the adapter reports about itself: up once started, fatally down when Slack revokes its token (by
// event, or by answering invalid_auth to a reply), degraded while Socket Mode reconnects; and /healthz.
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthSnapshot, PlatformHealth } from '../../../src/core/health.js';
import { type Harness, type HarnessOptions, startHarness } from '../../support/slack/harness.js';
import { eventRequest, mention } from '../../support/slack/requests.js';

type Report = ['up'] | ['degraded', string] | ['down', string, boolean];

function recorder(): PlatformHealth & { reports: Report[] } {
  const reports: Report[] = [];
  return {
    reports,
    up: () => reports.push(['up']),
    degraded: (reason) => reports.push(['degraded', reason]),
    down: (reason, opts) => reports.push(['down', reason, opts?.fatal === true]),
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(opts: HarnessOptions): Promise<Harness> {
  h = await startHarness(opts);
  return h;
}

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const revoked = (tokens: Record<string, string[]>) => eventRequest({ type: 'tokens_revoked', tokens });

describe('health reports', () => {
  it('reports up once the HTTP receiver is listening', async () => {
    const health = recorder();
    await start({ health });
    expect(health.reports).toEqual([['up']]);
  });

  it('reports nothing up when start-up fails', async () => {
    const health = recorder();
    const failed = startHarness({
      health,
      prepare: (fake) => fake.answer('auth.test', { ok: false, error: 'invalid_auth' }),
    });
    await expect(failed).rejects.toThrow(/SLACK_BOT_TOKEN/);
    expect(health.reports).not.toContainEqual(['up']);
  });

  it('goes fatally down when Slack revokes the bot token', async () => {
    const health = recorder();
    const harness = await start({ health });
    expect((await harness.send(revoked({ bot: ['UBOT0001'] }))).status).toBe(200);
    await until('the down report', () => health.reports.length > 1);
    expect(health.reports).toEqual([['up'], ['down', 'tokens_revoked', true]]);
  });

  it('stays up when only user tokens are revoked (the app has none of its own)', async () => {
    const health = recorder();
    const harness = await start({ health });
    await harness.send(revoked({ oauth: ['UOTHER001'] }));
    await harness.send(eventRequest(mention('deadline')));
    await harness.fake.nthCall('chat.postMessage');
    expect(health.reports).toEqual([['up']]);
  });

  it('goes fatally down when the app is uninstalled', async () => {
    const health = recorder();
    const harness = await start({ health });
    await harness.send(eventRequest({ type: 'app_uninstalled' }));
    await until('the down report', () => health.reports.length > 1);
    expect(health.reports).toEqual([['up'], ['down', 'app_uninstalled', true]]);
  });

  it('goes fatally down when a reply is refused with invalid_auth (token revoked while running)', async () => {
    const health = recorder();
    const harness = await start({ health });
    harness.fake.answer('chat.postMessage', { ok: false, error: 'invalid_auth' });
    await harness.send(eventRequest(mention('deadline')));
    await until('the down report', () => health.reports.length > 1);
    expect(health.reports).toEqual([['up'], ['down', 'token_rejected: invalid_auth', true]]);
  });

  it('is degraded while Socket Mode reconnects, and up again after', async () => {
    const health = recorder();
    const harness = await start({ mode: 'socket', health, tuning: { socketPingTimeoutMs: 200 } });
    await harness.fake.nthCall('apps.connections.open');
    expect(health.reports).toEqual([['up']]);
    harness.fake.dropSockets();
    await until('the reconnect', () => harness.fake.callsTo('apps.connections.open').length === 2);
    await until('the up report', () => health.reports.at(-1)?.[0] === 'up' && health.reports.length > 2);
    expect(health.reports[1]).toEqual(['degraded', 'socket_reconnecting']);
    expect(health.reports.filter((r) => r[0] === 'down')).toEqual([]);
  });
});

describe('GET /healthz', () => {
  it('serves the process snapshot with 200 when it is ok', async () => {
    const snapshot: HealthSnapshot = {
      ok: true,
      platforms: { slack: { state: 'up', since: '2025-10-20T09:00:00.000Z' } },
    };
    const harness = await start({ healthz: () => snapshot });
    const res = await fetch(harness.url('/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(snapshot);
  });

  it('answers 503 with the snapshot when the process is not ok', async () => {
    const snapshot: HealthSnapshot = {
      ok: false,
      platforms: {
        discord: { state: 'down', reason: 'disallowed_intents', since: '2025-10-20T09:00:00.000Z' },
      },
    };
    const harness = await start({ healthz: () => snapshot });
    const res = await fetch(harness.url('/healthz'));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(snapshot);
  });

  it('without a snapshot, answers from this platform alone: ok until its token is revoked', async () => {
    const harness = await start({});
    const before = await fetch(harness.url('/healthz'));
    expect([before.status, await before.json()]).toEqual([200, { ok: true }]);
    await harness.send(eventRequest({ type: 'app_uninstalled' }));
    await until('the 503', () => harness.logger.lines.some((l) => l.msg === 'slack.token_revoked'));
    const after = await fetch(harness.url('/healthz'));
    expect([after.status, await after.json()]).toEqual([503, { ok: false }]);
  });
});
