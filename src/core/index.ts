// The core's public surface. Adapters import from here (and types from reply.ts / bot-types.ts) only.

export { type Config, ConfigError, loadConfig } from '../../app/config.js';
export { type BotOptions, createBot } from './bot.js';
export type { Bot } from './bot-types.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export { COOLDOWN_NOTICE, Cooldown } from './cooldown.js';
export {
  createHealthRegistry,
  type HealthRegistry,
  type HealthSnapshot,
  noHealth,
  type PlatformHealth,
  type PlatformState,
  type PlatformStatus,
} from './health.js';
export { defaultKnowledgeDir, KnowledgeError, loadKnowledge } from './knowledge/load.js';
export type { Knowledge } from './knowledge/types.js';
export { createLogger, type Logger, silentLogger } from './log.js';
export type { Reply, ReplyChoice, ReplyDate, ReplyLink, ReplySource, ReplyStatus } from './reply.js';
export { renderDates } from './reply.js';
