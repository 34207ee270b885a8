// The environment is read and validated here, once. Everything else receives a typed Config.
// The error names every bad or missing variable and never echoes a secret's value.

import { statSync } from 'node:fs';
import { z } from 'zod';
import { CodedError } from '../src/core/index.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (name: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), `${name} must be an http(s) URL`)
      .optional(),
  );

// A secret is one word of printable characters. A pasted value with a line break would otherwise pass
// (it starts right) and the text after the break would end up in an HTTP header error, printed in full.
const oneWord = (v: string) => /^[\x21-\x7e]+$/.test(v);
const ONE_WORD = 'must be a single line without spaces or control characters';

const secret = optionalText.pipe(z.string().refine(oneWord, ONE_WORD).optional());

const prefixed = (prefix: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => v.startsWith(prefix), `must start with "${prefix}"`)
      .refine(oneWord, ONE_WORD)
      .optional(),
  );

const snowflake = optionalText.pipe(
  z
    .string()
    .regex(/^\d{15,21}$/, 'must be a Discord id (15-21 digits)')
    .optional(),
);

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: prefixed('xoxb-'),
    SLACK_SIGNING_SECRET: secret,
    SLACK_APP_TOKEN: prefixed('xapp-'),
    SLACK_API_URL: url('SLACK_API_URL'),
    /** Slack user ids allowed to manage announcement subscriptions besides workspace admins and owners. */
    SLACK_ANNOUNCE_ADMINS: optionalText,
    PORT: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'must be a port number')
        .transform(Number)
        .refine((n) => n <= 65535, 'must be a port number (0-65535)')
        .default(3000),
    ),
    HOST: optionalText.pipe(z.string().default('0.0.0.0')),
    DISCORD_TOKEN: secret,
    DISCORD_APPLICATION_ID: snowflake,
    DISCORD_GUILD_ID: snowflake,
    DISCORD_API_URL: url('DISCORD_API_URL'),
    /** `auto` runs the Discord client under discord.js's ShardingManager with the recommended shard count. */
    DISCORD_SHARDING: optionalText.pipe(z.enum(['off', 'auto']).default('off')),
    DATABASE_PATH: optionalText.pipe(z.string().default('./data/optout-bot.sqlite')),
    KNOWLEDGE_DIR: optionalText,
    LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  })
  .superRefine((env, ctx) => {
    // A platform is configured as a whole or not at all: a half-set platform is a mistake worth naming.
    const slackAny = env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET;
    if (slackAny && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required when Slack is configured',
      });
    }
    if (slackAny && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if ((env.DISCORD_TOKEN || env.DISCORD_APPLICATION_ID) && !env.DISCORD_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_TOKEN'],
        message: 'is required when Discord is configured',
      });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_APPLICATION_ID'],
        message: 'is required when DISCORD_TOKEN is set',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
  announceAdmins: string[];
  port: number;
  host: string;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string | undefined;
  sharding: 'off' | 'auto';
}

export interface Config {
  slack: SlackConfig | undefined;
  /** Where /healthz is served when Slack's HTTP receiver does not serve it (Socket Mode, Discord only). */
  http: { port: number; host: string };
  discord: DiscordConfig | undefined;
  databasePath: string;
  knowledgeDir: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends CodedError {
  constructor(readonly problems: string[]) {
    super('config_invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validate the environment; throws ConfigError naming each bad variable (values are never included). */
export function loadConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`),
    );
  }
  const e = parsed.data;
  return {
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          announceAdmins: (e.SLACK_ANNOUNCE_ADMINS ?? '').split(/[\s,]+/).filter(Boolean),
          port: e.PORT,
          host: e.HOST,
        }
      : undefined,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            guildId: e.DISCORD_GUILD_ID,
            apiUrl: e.DISCORD_API_URL,
            sharding: e.DISCORD_SHARDING,
          }
        : undefined,
    http: { port: e.PORT, host: e.HOST },
    databasePath: e.DATABASE_PATH,
    knowledgeDir: e.KNOWLEDGE_DIR,
    logLevel: e.LOG_LEVEL,
  };
}

/** Paths the environment names, checked before anything is loaded so the error names the variable. */
export function checkConfigPaths(config: Config): void {
  const problems: string[] = [];
  if (config.knowledgeDir !== undefined) {
    const dir = config.knowledgeDir;
    try {
      if (!statSync(dir).isDirectory()) problems.push(`KNOWLEDGE_DIR ${dir} is a file, not a folder`);
    } catch {
      problems.push(`KNOWLEDGE_DIR ${dir} does not exist or cannot be read`);
    }
  }
  try {
    if (statSync(config.databasePath).isDirectory())
      problems.push(`DATABASE_PATH ${config.databasePath} is a folder; it must name a database file`);
  } catch {
    // Absent is fine: the database is created on first start.
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
