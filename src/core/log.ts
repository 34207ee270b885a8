// A tiny structured logger: one JSON line per event on stderr. Adapters pass context (platform, handler,
// channel) but never message text, user ids or tokens; `redact` strips anything token-shaped as a backstop.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

// Slack tokens (xoxb-, xapp-, xoxp-), Discord bot tokens (three base64url parts) and bearer headers.
const tokenPatterns = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
  /\b(Bot|Bearer) [A-Za-z0-9._-]{20,}/g,
];

export function redact(value: string): string {
  return tokenPatterns.reduce((s, re) => s.replace(re, '[redacted]'), value);
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (typeof value === 'string') return redact(value);
  return value;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const emit = (lvl: LogLevel, msg: string, ctx: Record<string, unknown> = {}) => {
    if (order[lvl] < order[level]) return;
    const fields = Object.fromEntries(Object.entries(ctx).map(([k, v]) => [k, describe(v)]));
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: redact(msg), ...fields }));
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

/** A logger that keeps lines in memory: for tests. */
export function createMemoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', (l) => {
    lines.push(JSON.parse(l));
  });
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
