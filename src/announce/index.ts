// Scheduled deadline announcements: the platform-independent part, and its one public face. Adapters, the
// app, the bench and tests import from here only. The list is explicit (what those layers use), so what is
// internal stays free to change; add a name here when a layer above needs it. (Biome keeps the lines
// sorted by module, so each comment is about the line below it.)

// The subscribe / unsubscribe / status flow the adapters' commands are built on.
export {
  type CommandFailure,
  type CommandResult,
  type CommandWording,
  commandFailure,
  createSubscriptionCommands,
  describeOccurrence,
  formatLocal,
  type SubscribeDefaults,
  type SubscribeRequest,
  type SubscriptionCommands,
} from './commands.js';
export { composeWithBot } from './compose.js';
// A subscription's language: reading what people type for one, and naming it back.
export {
  DEFAULT_LANGUAGE,
  languageLabel,
  languageOfHint,
  readLanguage,
  SUBSCRIPTION_LANGUAGES,
} from './language.js';
// The flow's wording (knowledge/i18n ui.yaml `announce.*`), for the notes an adapter adds itself.
export { type AnnounceMessages, messagesIn, type Voice } from './messages.js';
export { latestDue, nextOccurrences, occurrencesBetween } from './occurrences.js';
// The runner, scheduler and stores, for the bench, the operator CLI and tests that assemble them.
export { DeliveryRunner, type Due, type RunnerOptions } from './runner.js';
export {
  checkScheduleDates,
  loadSchedules,
  parseSchedules,
  type Schedule,
  ScheduleFileError,
  type ScheduleInput,
  type Schedules,
  schedulesPath,
} from './schedule.js';
export { AnnouncementScheduler, type TickReport } from './scheduler.js';
// What the bot process runs.
export { type AnnouncementService, createAnnouncementService } from './service.js';
export { type AnnouncementStore, idempotencyKey, type WorkspaceLeases } from './store.js';
export { MemoryAnnouncementStore } from './stores/memory/store.js';
// The store several hosts share. Loading it loads no driver: `pg` is imported only when a URL is opened.
export { openPostgresStore, type PostgresStoreOptions } from './stores/postgres/open.js';
export { DatabaseOpenError, openSqliteStore } from './stores/sqlite/open.js';
// The vocabulary, and the contract adapters implement to deliver (Poster, PostError).
export type {
  Compose,
  ComposeOptions,
  Occurrence,
  Platform,
  Poster,
  PostOptions,
  PostReceipt,
  SettleResult,
  Sleep,
  Subscription,
  Target,
} from './types.js';
export { PostError } from './types.js';
export { canonicalTimeZone, timeZoneNames, wallToInstant, zonedWallTime } from './zoned-time.js';
