// The insights layer's public face: counting what is asked and whether answers helped, the store port and
// its memory, SQLite and Postgres stores, and the report `npm run insights` prints. It imports only the
// core and storage; the adapters' gate feeds it and never waits for it.
export { addDays, dayOf } from './day.js';
export {
  createInsights,
  type Insights,
  type InsightsOptions,
  type RepliedEvent,
  UNANSWERED_KEEP_DAYS,
  UNANSWERED_MIN_TIMES,
  unansweredKeepFrom,
  type VoteEvent,
} from './insights.js';
export { type InsightsStoreConfig, openInsightsStore } from './open.js';
export { MAX_RELATED, relatedQuestions } from './related.js';
export {
  buildReport,
  type DayRow,
  type EntryRow,
  type InsightsReport,
  MIN_VOTES,
  worstFirst,
} from './report.js';
export { MAX_UNANSWERED_CHARS, scrubQuestion } from './scrub.js';
export type {
  DayCounts,
  EntryDay,
  InsightsData,
  InsightsStore,
  ReadRange,
  ReplyTally,
  UnansweredCount,
} from './store.js';
export { MemoryInsightsStore } from './stores/memory/store.js';
// The SQLite and Postgres stores load through openInsightsStore only (their drivers are native or heavy).
export { insightsPathFor } from './stores/sqlite/path.js';
export { ANSWER_TOKEN, newAnswerToken, voterKey } from './voter.js';
