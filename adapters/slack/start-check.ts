// Start-up's auth.test (Bolt's app.init()), bounded in time, with a failure that says what to fix: a
// rejected token names SLACK_BOT_TOKEN; an API that is down, unreachable or silent names SLACK_API_URL
// (the configured one, or Slack's default), because a wrong or unreachable URL is the likelier cause.

import type { App } from '@slack/bolt';
import { type Logger, type Within, within } from '../../src/core/index.js';
import { classify, errorCode, SlackStartError, TOKEN_ERRORS } from './errors.js';

export const DEFAULT_API_URL = 'https://slack.com/api/';

export interface StartCheckOptions {
  /** SLACK_API_URL as configured; undefined means Slack's default. */
  apiUrl: string | undefined;
  timeoutMs: number;
  logger: Logger;
}

export async function checkAuth(app: App, opts: StartCheckOptions): Promise<void> {
  const where = opts.apiUrl ? `${opts.apiUrl} (SLACK_API_URL)` : `${DEFAULT_API_URL} (SLACK_API_URL unset)`;
  const init = app.init();
  let outcome: Within<void>;
  try {
    outcome = await within(init, opts.timeoutMs);
  } catch (error) {
    throw startError(error, where);
  }
  if (outcome.timedOut) {
    // The call is abandoned, not cancelled: the client's own timeout ends it later. Say so if it fails then.
    init.catch((error: unknown) =>
      opts.logger.debug('slack.auth_test_abandoned', { code: errorCode(error) }),
    );
    throw new SlackStartError(
      'slack_api_timeout',
      `Slack did not start: auth.test at ${where} did not answer within ${seconds(opts.timeoutMs)}`,
    );
  }
}

function startError(error: unknown, where: string): SlackStartError {
  const failure = classify(error);
  switch (failure.kind) {
    case 'platform':
      if (TOKEN_ERRORS.has(failure.error)) {
        return new SlackStartError(
          'slack_token_rejected',
          `Slack did not accept SLACK_BOT_TOKEN (auth.test failed: ${failure.error})`,
        );
      }
      return unavailable(where, `answered ${failure.error}`);
    case 'rate_limited':
      return unavailable(where, `rate-limited the call (retry after ${failure.retryAfterSec} s)`);
    case 'http':
      return unavailable(where, `answered HTTP ${failure.status}`);
    case 'timeout':
      return new SlackStartError('slack_api_timeout', `Slack did not start: auth.test at ${where} timed out`);
    case 'network':
      return unavailable(where, `could not be reached (${failure.code})`);
    case 'other':
      return unavailable(where, `failed (${failure.code})`);
  }
}

function unavailable(where: string, what: string): SlackStartError {
  return new SlackStartError('slack_api_unavailable', `Slack did not start: auth.test at ${where} ${what}`);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
