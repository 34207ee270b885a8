// A tiny structured logger: one JSON line per event on stderr. Adapters pass context (platform, handler,
// channel) but never message text, user ids or tokens; `redact` strips anything token-shaped as a backstop:
// bearer headers here, and each platform's own token shapes, which the app passes in from the adapters.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

/** Credentials in HTTP authorization headers, whatever issued them. */
const genericPatterns = [/\bBearer [A-Za-z0-9._~+/=-]{20,}/g];

export function redact(value: string, secrets: readonly RegExp[] = []): string {
  return [...genericPatterns, ...secrets].reduce((s, re) => s.replace(re, '[redacted]'), value);
}

/** `json`: one JSON object per line, for log collectors. `pretty`: one readable line, for a person. */
export type LogFormat = 'json' | 'pretty';

/** A readable line: time, level, message, then the fields as key=value (strings quoted when they hold spaces). */
export function prettyLine(entry: {
  time: string;
  level: LogLevel;
  msg: string;
  [k: string]: unknown;
}): string {
  const { time, level, msg, ...fields } = entry;
  const value = (v: unknown): string => {
    if (typeof v === 'string') return /[\s="]/.test(v) ? JSON.stringify(v) : v;
    return JSON.stringify(v) ?? String(v);
  };
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`);
  return [time.slice(11, 19), level.toUpperCase().padEnd(5), msg, ...rest].join(' ');
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  secrets: readonly RegExp[] = [],
  format: LogFormat = 'json',
): Logger {
  const describe = (value: unknown): unknown => {
    if (value instanceof Error) return { name: value.name, message: redact(value.message, secrets) };
    if (typeof value === 'string') return redact(value, secrets);
    return value;
  };
  const emit = (lvl: LogLevel, msg: string, ctx: Record<string, unknown> = {}) => {
    if (order[lvl] < order[level]) return;
    const fields = Object.fromEntries(Object.entries(ctx).map(([k, v]) => [k, describe(v)]));
    const entry = { time: new Date().toISOString(), level: lvl, msg: redact(msg, secrets), ...fields };
    write(format === 'pretty' ? prettyLine(entry) : JSON.stringify(entry));
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

/** A logger that keeps lines in memory: for tests. */
export function createMemoryLogger(
  secrets: readonly RegExp[] = [],
): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(
    'debug',
    (l) => {
      lines.push(JSON.parse(l));
    },
    secrets,
  );
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
