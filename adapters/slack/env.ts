// Slack's variables (its env preset): validated once by the app together with every other preset.
// Two modes: one workspace with SLACK_BOT_TOKEN (as before), or distribution to many workspaces ("Add to
// Slack") when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are set: each workspace's token
// then comes from its installation, kept in SLACK_INSTALLATION_STORE.
import { z } from 'zod';
import { POSTGRES_URL_PASSWORD } from '../../src/storage/index.js';
import { defineEnv, httpUrl, optionalText, prefixed, secret, wordList } from '../kit/index.js';

/** Where installations are kept when SLACK_INSTALLATION_STORE is unset (a SQLite file). */
export const DEFAULT_INSTALLATION_STORE = './data/slack-installations.sqlite';

/** The OAuth side of distributed mode. */
export interface SlackDistribution {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state (and keys the hash of the installing user's id). */
  stateSecret: string;
  /** A SQLite file path, or a postgres:// URL. */
  installationStore: string;
  /** Sent to Slack when the app has several redirect URLs; otherwise Slack uses the one registered. */
  redirectUri: string | undefined;
}

interface SlackCommon {
  apiUrl: string | undefined;
  port: number;
  host: string;
}

/** One workspace, one bot token (Socket Mode or the HTTP receiver). */
export interface SlackSingleConfig extends SlackCommon {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  announceAdmins: string[];
  distribution?: undefined;
}

/** Many workspaces through OAuth: always the HTTP receiver, with /slack/install and /slack/oauth_redirect. */
export interface SlackDistributedConfig extends SlackCommon {
  botToken?: undefined;
  signingSecret: string;
  appToken?: undefined;
  /** Unused in this mode: admins are per installation (admins.ts). */
  announceAdmins: readonly never[];
  distribution: SlackDistribution;
}

export type SlackConfig = SlackSingleConfig | SlackDistributedConfig;

/** Slack's client ids are two numbers joined by a dot (`1234567890.0987654321`). */
const clientId = optionalText.pipe(
  z
    .string()
    .regex(/^\d+\.\d+$/, 'must look like 1234567890.1234567890 (Basic Information > App Credentials)')
    .optional(),
);

/** Long enough that the signed OAuth state cannot be guessed. */
const stateSecret = secret.pipe(
  z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
);

const redirectUri = optionalText.pipe(
  z
    .string()
    .regex(
      /^https?:\/\/[^\s/]+\/(.*\/)?slack\/oauth_redirect$/,
      'must be an http(s) URL ending in /slack/oauth_redirect',
    )
    .optional(),
);

const DISTRIBUTION = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

export const slackEnv = defineEnv({
  shape: {
    SLACK_BOT_TOKEN: prefixed('xoxb-'),
    SLACK_SIGNING_SECRET: secret,
    SLACK_APP_TOKEN: prefixed('xapp-'),
    SLACK_API_URL: httpUrl('SLACK_API_URL'),
    /** Slack user ids allowed to manage announcement subscriptions besides workspace admins and owners. */
    SLACK_ANNOUNCE_ADMINS: wordList,
    SLACK_CLIENT_ID: clientId,
    SLACK_CLIENT_SECRET: secret,
    SLACK_STATE_SECRET: stateSecret,
    /** A SQLite file or a postgres:// URL for the installations (distributed mode only). */
    SLACK_INSTALLATION_STORE: optionalText,
    SLACK_REDIRECT_URI: redirectUri,
  },
  check(env, problem) {
    const distributed = DISTRIBUTION.some((name) => env[name] !== undefined);
    if (distributed) {
      for (const name of DISTRIBUTION) {
        if (!env[name]) problem(name, 'is required to distribute the app (SLACK_CLIENT_ID is set)');
      }
      if (!env.SLACK_SIGNING_SECRET) {
        problem('SLACK_SIGNING_SECRET', 'is required to distribute the app (the HTTP receiver checks it)');
      }
      if (env.SLACK_BOT_TOKEN) {
        problem('SLACK_BOT_TOKEN', 'must be unset to distribute the app: each workspace has its own token');
      }
      if (env.SLACK_APP_TOKEN) {
        problem('SLACK_APP_TOKEN', 'must be unset to distribute the app: it uses the HTTP receiver');
      }
      if (env.SLACK_ANNOUNCE_ADMINS.length > 0) {
        problem(
          'SLACK_ANNOUNCE_ADMINS',
          'is for one workspace only: when distributed, the installer and workspace admins manage announcements',
        );
      }
      return;
    }
    for (const name of ['SLACK_INSTALLATION_STORE', 'SLACK_REDIRECT_URI'] as const) {
      if (env[name]) problem(name, 'is only used to distribute the app (with SLACK_CLIENT_ID)');
    }
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
    const common = { apiUrl: env.SLACK_API_URL, port: base.http.port, host: base.http.host };
    if (
      env.SLACK_CLIENT_ID &&
      env.SLACK_CLIENT_SECRET &&
      env.SLACK_STATE_SECRET &&
      env.SLACK_SIGNING_SECRET
    ) {
      return {
        ...common,
        signingSecret: env.SLACK_SIGNING_SECRET,
        announceAdmins: [],
        distribution: {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
          installationStore: env.SLACK_INSTALLATION_STORE ?? DEFAULT_INSTALLATION_STORE,
          redirectUri: env.SLACK_REDIRECT_URI,
        },
      };
    }
    if (!env.SLACK_BOT_TOKEN) return undefined;
    return {
      ...common,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      announceAdmins: env.SLACK_ANNOUNCE_ADMINS,
    };
  },
  // Bot, user and app-level tokens; rotating tokens (`xoxe.xoxb-...`) and refresh tokens (`xoxe-...`);
  // the password in a postgres:// installation store URL; and the client secret in the request body the
  // Web API client prints at debug level for oauth.v2.access (it hides only keys named like "token";
  // bolt-logger.ts drops the SDK's debug lines today, this keeps the secret out should that change).
  secrets: [
    /(?<="client_secret":")[^"]*/g,
    /\bxoxe[.-][A-Za-z0-9.-]+/g,
    /\bxox[abposr]-[A-Za-z0-9-]+/g,
    /\bxapp-[A-Za-z0-9-]+/g,
    POSTGRES_URL_PASSWORD,
  ],
});
