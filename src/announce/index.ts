// Scheduled deadline announcements: the platform-independent part. Adapters import from here.
export * from './commands.js';
export { composeWithBot } from './compose.js';
export { type MessageKey, messages } from './messages.js';
export { latestDue, milestoneOccurrences, nextOccurrences, occurrencesBetween } from './occurrences.js';
export * from './runner.js';
export * from './schedule.js';
export * from './scheduler.js';
export * from './service.js';
export { type SettleOutcome, settleOrphans } from './settle.js';
export * from './store.js';
export { MemoryAnnouncementStore } from './stores/memory/store.js';
export { DatabaseOpenError, openSqliteStore, type SqliteStoreOptions } from './stores/sqlite/open.js';
export { SqliteAnnouncementStore } from './stores/sqlite/store.js';
export * from './types.js';
export { canonicalTimeZone, timeZoneNames, wallToInstant, zonedWallTime } from './zoned-time.js';
