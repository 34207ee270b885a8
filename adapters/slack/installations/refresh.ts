// The refresh exchange Slack's token rotation asks for: oauth.v2.access with grant_type=refresh_token.
// Bounded in time; not retried (the next event or post tries again, under the lock).
import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../src/core/index.js';
import { boltLogger } from '../bolt-logger.js';
import { InstallationError } from './record.js';
import type { ExchangeRefreshToken } from './store.js';

const refreshAnswer = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number(),
});

export interface RefreshClientOptions {
  clientId: string;
  clientSecret: string;
  /** The Web API base (SLACK_API_URL), ending in a slash. */
  slackApiUrl: string | undefined;
  timeoutMs: number;
  logger: Logger;
}

export function refreshExchange(o: RefreshClientOptions): ExchangeRefreshToken {
  const client = new webApi.WebClient(undefined, {
    ...(o.slackApiUrl ? { slackApiUrl: o.slackApiUrl } : {}),
    timeout: o.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The app's logger, whose secret patterns hide the client secret the client prints at debug level.
    logger: boltLogger(o.logger),
  });
  return async (refreshToken) => {
    const answer = refreshAnswer.safeParse(
      await client.oauth.v2.access({
        client_id: o.clientId,
        client_secret: o.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }),
    );
    if (!answer.success) {
      throw new InstallationError(
        'slack_refresh_malformed',
        'oauth.v2.access answered without a rotated token',
      );
    }
    return {
      accessToken: answer.data.access_token,
      refreshToken: answer.data.refresh_token,
      expiresInS: answer.data.expires_in,
    };
  };
}
