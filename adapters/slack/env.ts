// Slack's variables (its env preset): validated once by the app together with every other preset.
import { defineEnv, httpUrl, prefixed, secret, wordList } from '../kit/index.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
  announceAdmins: string[];
  port: number;
  host: string;
}

export const slackEnv = defineEnv({
  shape: {
    SLACK_BOT_TOKEN: prefixed('xoxb-'),
    SLACK_SIGNING_SECRET: secret,
    SLACK_APP_TOKEN: prefixed('xapp-'),
    SLACK_API_URL: httpUrl('SLACK_API_URL'),
    /** Slack user ids allowed to manage announcement subscriptions besides workspace admins and owners. */
    SLACK_ANNOUNCE_ADMINS: wordList,
  },
  check(env, problem) {
    // Configured as a whole or not at all: a half-set platform is a mistake worth naming.
    const any = env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET;
    if (any && !env.SLACK_BOT_TOKEN) problem('SLACK_BOT_TOKEN', 'is required when Slack is configured');
    if (any && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      problem(
        'SLACK_SIGNING_SECRET',
        'is required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
  },
  read(env, base): SlackConfig | undefined {
    if (!env.SLACK_BOT_TOKEN) return undefined;
    return {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      announceAdmins: env.SLACK_ANNOUNCE_ADMINS,
      port: base.http.port,
      host: base.http.host,
    };
  },
  // Bot, user and app-level tokens.
  secrets: [/\bxox[abposr]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g],
});
