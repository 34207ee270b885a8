// What every platform adapter shares: the adapter contract, env presets, the gate in front of the Bot,
// the error sink, reply references and text helpers. Adapters and the app import this file only.
export {
  type AdapterContext,
  type AdapterHandle,
  bind,
  type ConfiguredPlatform,
  defineAdapter,
  type PlatformAdapter,
  type PosterHandle,
  type RegisteredAdapter,
  type StartedAdapter,
} from './contract.js';
export {
  type BaseSettings,
  defineEnv,
  type EnvPreset,
  type EnvSource,
  httpUrl,
  optionalText,
  type PresetResult,
  prefixed,
  secret,
  wordList,
} from './env.js';
export {
  decodeVoteTag,
  encodeVoteTag,
  type Feedback,
  type VoteResult,
  type VoteTag,
} from './feedback.js';
export {
  type CooldownOptions,
  createGate,
  type Exchange,
  type Gate,
  type GateOptions,
  type GateOutcome,
  type Responder,
} from './gate.js';
export {
  entryValue,
  languageOfRef,
  parseEntryValue,
  type ReplyRef,
  resolveRef,
  routeQuestion,
  shareRefFor,
} from './refs.js';
export { createErrorSink, type ErrorSink, type SinkOptions } from './sink.js';
export { truncate } from './text.js';
