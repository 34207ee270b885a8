// The environment is read and validated here, once: the app's own variables plus every registered
// platform's preset (adapters/*/env.ts). The error names every bad or missing variable and never echoes a
// secret's value. Everything else receives typed settings.
import { statSync } from 'node:fs';
import { z } from 'zod';
import {
  type BaseSettings,
  type ConfiguredPlatform,
  defineEnv,
  type EnvSource,
  optionalText,
  type RegisteredAdapter,
  secret,
} from '../adapters/kit/index.js';
import { CodedError, type LogFormat, MIN_STATE_SECRET } from '../src/core/index.js';
import { POSTGRES_URL_PASSWORD } from '../src/storage/index.js';
import { registry } from './registry.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface InsightsSettings {
  /** INSIGHTS_UNANSWERED=on: keep scrubbed unanswered questions for 30 days. Off by default. */
  unanswered: boolean;
  /** INSIGHTS_SECRET, the key of the one-day vote hashes; absent: derived or random (app/insights.ts). */
  secret: string | undefined;
}

export interface Settings extends BaseSettings {
  databasePath: string;
  /** PostgreSQL shared by every host (DATABASE_URL); unset: one process, state in memory. */
  databaseUrl: string | undefined;
  /** The HMAC key for shared state (STATE_SECRET); required with DATABASE_URL. */
  stateSecret: string | undefined;
  /** What "was the answer helpful?" keeps (docs/insights.md). */
  insights: InsightsSettings;
  knowledgeDir: string | undefined;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

export interface Config extends Settings {
  /** The platforms whose variables are set, in registry order; empty means the terminal chat. */
  platforms: ConfiguredPlatform[];
  /** Every registered platform's secret patterns, for redacting logs and start-up messages. */
  secrets: RegExp[];
}

export const appEnv = defineEnv({
  shape: {
    /** Where an HTTP receiver and /healthz listen. */
    PORT: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'must be a port number')
        .transform(Number)
        .refine((n) => n <= 65535, 'must be a port number (0-65535)')
        .default(3000),
    ),
    HOST: optionalText.pipe(z.string().default('0.0.0.0')),
    DATABASE_PATH: optionalText.pipe(z.string().default('./data/optout-bot.sqlite')),
    /** PostgreSQL for what several hosts share; its absence means one process. */
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    /** Keys the shared state's hashes: every host of one bot must have the same. */
    STATE_SECRET: optionalText.pipe(
      z
        .string()
        .min(MIN_STATE_SECRET, `must be at least ${MIN_STATE_SECRET} characters`)
        .refine((v) => /^[\x21-\x7e]+$/.test(v), 'must be a single line without spaces or control characters')
        .optional(),
    ),
    /** `on` keeps unanswered questions (scrubbed, 30 days); anything else is refused, `off` is the default. */
    INSIGHTS_UNANSWERED: optionalText.pipe(z.enum(['on', 'off']).default('off')),
    INSIGHTS_SECRET: secret.pipe(
      z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').optional(),
    ),
    KNOWLEDGE_DIR: optionalText,
    LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error']).default('info')),
    /** `json` lines for collectors, `pretty` for a person; `auto` is pretty when stderr is a terminal. */
    LOG_FORMAT: optionalText.pipe(z.enum(['auto', 'json', 'pretty']).default('auto')),
  },
  // The password in a database URL (a URL in an error message or a log line).
  secrets: [POSTGRES_URL_PASSWORD],
  check(env, problem) {
    if (env.DATABASE_URL && !env.STATE_SECRET) {
      problem(
        'STATE_SECRET',
        'is required when DATABASE_URL is set (every host must hash the shared state alike)',
      );
    }
  },
  read: (env): Settings => ({
    http: { port: env.PORT, host: env.HOST },
    databasePath: env.DATABASE_PATH,
    databaseUrl: env.DATABASE_URL,
    stateSecret: env.STATE_SECRET,
    insights: { unanswered: env.INSIGHTS_UNANSWERED === 'on', secret: env.INSIGHTS_SECRET },
    knowledgeDir: env.KNOWLEDGE_DIR,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT === 'auto' ? (process.stderr.isTTY ? 'pretty' : 'json') : env.LOG_FORMAT,
  }),
});

export class ConfigError extends CodedError {
  constructor(readonly problems: string[]) {
    super('config_invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every variable the app and the registered platforms read (for .env.example and the docs). */
export function variables(adapters: readonly RegisteredAdapter[] = registry): string[] {
  return [...appEnv.variables, ...adapters.flatMap((a) => a.variables)];
}

/** Every adapter's secret patterns, for redacting logs and start-up messages. */
export function secretsOf(adapters: readonly RegisteredAdapter[] = registry): RegExp[] {
  return [...appEnv.secrets, ...adapters.flatMap((a) => [...a.secrets])];
}

/** Validate the environment; throws ConfigError naming each bad variable (values are never included). */
export function loadConfig(
  env: EnvSource = process.env,
  adapters: readonly RegisteredAdapter[] = registry,
): Config {
  const problems: string[] = [];
  const app = appEnv.parse(env, { http: { port: 0, host: '' } });
  if (!app.ok) problems.push(...app.problems);
  const settings: Settings = (app.ok && app.config) || {
    http: { port: 3000, host: '0.0.0.0' },
    databasePath: '',
    databaseUrl: undefined,
    stateSecret: undefined,
    insights: { unanswered: false, secret: undefined },
    knowledgeDir: undefined,
    logLevel: 'info',
    logFormat: 'json',
  };
  // Every preset is checked even after a problem, so one run names everything that is wrong.
  const platforms: ConfiguredPlatform[] = [];
  for (const adapter of adapters) {
    const result = adapter.configure(env, settings);
    if (!result.ok) problems.push(...result.problems);
    else if (result.platform) platforms.push(result.platform);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...settings, platforms, secrets: secretsOf(adapters) };
}

/** Paths the environment names, checked before anything is loaded so the error names the variable. */
export function checkConfigPaths(config: Settings): void {
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
    // With DATABASE_URL the file is not used, so whatever is at DATABASE_PATH does not matter.
    if (config.databaseUrl === undefined && statSync(config.databasePath).isDirectory())
      problems.push(`DATABASE_PATH ${config.databasePath} is a folder; it must name a database file`);
  } catch {
    // Absent is fine: the database is created on first start.
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
