// The core's one public face: answering questions from the knowledge base, plus the small runtime pieces
// every layer above shares (clock, logger, coded errors, health, timeouts, cooldown). Code outside
// src/core imports only this file; the boundary test enforces it.

export { type BotOptions, createBot } from './bot.js';
export type { AskOptions, Bot } from './bot-types.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export { COOLDOWN_NOTICE, Cooldown, type CooldownVerdict, DEFAULT_COOLDOWN } from './cooldown.js';
export { CORE_UNEXPECTED, CodedError, type CoreErrorReporter, hasCode } from './errors.js';
export {
  createHealthRegistry,
  type HealthRegistry,
  type HealthSnapshot,
  noHealth,
  type PlatformHealth,
  type PlatformState,
  type PlatformStatus,
} from './health.js';
export { createLanguages, englishOnly, type Languages, type LanguagesOptions } from './i18n/languages.js';
export { fill } from './i18n/say.js';
export { type CheckProblem, type CheckReport, checkKnowledge } from './knowledge/check.js';
export { inspectKnowledge, type KnowledgeInspection } from './knowledge/inspect.js';
export { MIN_PHRASINGS, STALE_AFTER_DAYS } from './knowledge/lint.js';
export { defaultKnowledgeDir, KnowledgeError, loadKnowledge } from './knowledge/load.js';
export { entrySchema } from './knowledge/schema.js';
export { loadKnowledgeFast } from './knowledge/snapshot.js';
export { inspectTranslation, type TranslationInspection } from './knowledge/translations/check.js';
export { sourceHash } from './knowledge/translations/hash.js';
export {
  LANGUAGES,
  type LanguageInfo,
  languageOfLocale,
} from './knowledge/translations/languages.js';
export type { Entry, Knowledge } from './knowledge/types.js';
export { createLogger, type LogFormat, type Logger, redact, silentLogger } from './log.js';
export type { CombineRule, DecideRule } from './match/decide.js';
export {
  createExplainer,
  type Decision,
  type ExplainedClauses,
  type ExplainedEntry,
  type ExplainedVeto,
  type Explainer,
  type Explanation,
  type Outcome,
} from './match/explain.js';
export { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match/matcher.js';
export { normalise } from './match/normalise.js';
export type { EvidenceDetail } from './match/scope.js';
export type { WordsTrace, WordTrace } from './match/trace.js';
export {
  checkedDates,
  type Reply,
  type ReplyChoice,
  type ReplyDate,
  type ReplyLabels,
  type ReplyLink,
  type ReplySource,
  type ReplyStatus,
  renderDates,
} from './reply.js';
export {
  DEFAULT_STATE_TIMEOUT_MS,
  MIN_STATE_SECRET,
  SharedState,
  type SharedStateOptions,
  STATE_RETRY_AFTER_MS,
  type StateReporter,
} from './state.js';
export { DEFAULT_MAX_KEYS, MemoryStateStore } from './state-memory.js';
export { checkStateArgs, checkStateKey, type StateStore } from './state-store.js';
export { type Within, within } from './timeout.js';
