// Bolt and its Web API and Socket Mode clients log through this bridge into the project's Logger.
// At debug level they log whole payloads (message text, user ids), so debug is never forwarded; other
// lines keep only strings and error names and messages, which the Logger also strips of tokens.

import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/core/index.js';
import { truncate } from './escape.js';

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Objects here are request or response bodies: leave them out rather than risk user content.
  return '[object]';
}

export function boltLogger(logger: Logger): BoltLogger {
  const detail = (args: unknown[]) => ({ detail: truncate(args.map(describe).join(' '), 500) });
  return {
    debug: () => {},
    info: (...args: unknown[]) => logger.info('slack.bolt', detail(args)),
    warn: (...args: unknown[]) => logger.warn('slack.bolt', detail(args)),
    error: (...args: unknown[]) => logger.error('slack.bolt', detail(args)),
    // Bolt and its clients ask for a level; INFO keeps them from building debug lines at all.
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
