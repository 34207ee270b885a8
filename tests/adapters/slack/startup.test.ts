// Start-up's auth.test against a Slack that hangs, fails or rejects the token: start-up ends within its
// time limit with one coded error naming the setting to check (never a token's value).
import { beforeAll, describe, expect, it } from 'vitest';
import { SlackStartError } from '../../../adapters/slack/errors.js';
import { ManualClock } from '../../../src/core/clock.js';
import { BOT_TOKEN, NOW, realBot, startHarness } from '../../support/slack/harness.js';

const fast = { startTimeoutMs: 400, webApiTimeoutMs: 5000 };

async function startError(prepare: Parameters<typeof startHarness>[0]): Promise<SlackStartError> {
  const error: unknown = await startHarness(prepare).then(
    async (h) => {
      await h.close();
      return new Error('start-up succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof SlackStartError)) throw new Error(`not a SlackStartError: ${String(error)}`);
  expect(error.message).not.toContain(BOT_TOKEN);
  return error;
}

describe('start-up against a failing auth.test', () => {
  // Load the knowledge base once up front: the timing below is start-up's wait alone.
  beforeAll(() => {
    realBot(new ManualClock(NOW));
  });

  it('gives up on a hung auth.test within the limit, naming auth.test and SLACK_API_URL', async () => {
    let apiUrl = '';
    let started = 0;
    const error = await startError({
      tuning: fast,
      prepare: (fake) => {
        started = Date.now();
        apiUrl = fake.apiUrl;
        fake.script('auth.test', '', { delayMs: 60_000 });
      },
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('slack_api_timeout');
    expect(error.message).toBe(
      `Slack did not start: auth.test at ${apiUrl} (SLACK_API_URL) did not answer within 0.4 s`,
    );
  });

  it('blames SLACK_API_URL, not the token, when auth.test answers HTTP 500', async () => {
    let apiUrl = '';
    const error = await startError({
      tuning: fast,
      prepare: (fake) => {
        apiUrl = fake.apiUrl;
        fake.script('auth.test', '', { status: 500 });
      },
    });
    expect(error.code).toBe('slack_api_unavailable');
    expect(error.message).toContain(`auth.test at ${apiUrl} (SLACK_API_URL) answered HTTP 500`);
    expect(error.message).not.toContain('SLACK_BOT_TOKEN');
  });

  it('blames SLACK_API_URL when nothing listens there', async () => {
    // Port 1 on loopback: nothing listens, connections are refused.
    const error = await startError({ tuning: fast, apiUrl: 'http://127.0.0.1:1/api/' });
    expect(error.code).toBe('slack_api_unavailable');
    expect(error.message).toMatch(
      /auth\.test at http:\/\/127\.0\.0\.1:1\/api\/ \(SLACK_API_URL\) could not be reached/,
    );
  });

  it.each(['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive'])(
    'blames SLACK_BOT_TOKEN when Slack answers %s',
    async (code) => {
      const error = await startError({
        tuning: fast,
        prepare: (fake) => fake.answer('auth.test', { ok: false, error: code }),
      });
      expect(error.code).toBe('slack_token_rejected');
      expect(error.message).toBe(`Slack did not accept SLACK_BOT_TOKEN (auth.test failed: ${code})`);
    },
  );

  it('blames SLACK_API_URL for a Slack error that is not about the token', async () => {
    const error = await startError({
      tuning: fast,
      prepare: (fake) => fake.answer('auth.test', { ok: false, error: 'internal_error' }),
    });
    expect(error.code).toBe('slack_api_unavailable');
    expect(error.message).toContain('(SLACK_API_URL) answered internal_error');
  });

  it('gives up on a Socket Mode connection that never opens within the limit, naming SLACK_APP_TOKEN', async () => {
    let started = 0;
    const error = await startError({
      mode: 'socket',
      tuning: fast,
      prepare: (fake) => {
        started = Date.now();
        fake.script('apps.connections.open', '', { delayMs: 60_000 });
      },
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('slack_socket_timeout');
    expect(error.message).toContain('SLACK_APP_TOKEN');
  });
});
