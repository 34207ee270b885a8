import { CodedError, type Reply } from '../core/index.js';
// The shared vocabulary of announcements: who gets them (subscriptions), what is due (occurrences), and the
// small contract the platform adapters implement (Poster, PostError). Nothing here knows any one platform.

/**
 * A chat platform's name, owned by the adapter registry (the key its Poster is registered under). This
 * layer never interprets it: it only groups subscriptions and picks the poster, so a new adapter needs no
 * change here or in the database. Stores accept only short lowercase identifiers (see checkPlatformName).
 */
export type Platform = string;

/** Where an announcement goes: one channel in one workspace of one platform. */
export interface Target {
  platform: Platform;
  /**
   * The adapter's own id for the workspace (or server, team, guild) the channel belongs to. Opaque here:
   * only compared for equality and handed back to the same adapter.
   */
  workspaceId: string;
  /** The adapter's own id for the channel; opaque like workspaceId. */
  channelId: string;
}

export type SubscriptionState = 'active' | 'paused';

export interface Subscription extends Target {
  id: number;
  /** A name from knowledge/schedules.yaml. */
  schedule: string;
  /** IANA zone the schedule's local times are read in. */
  timeZone: string;
  /**
   * The two-letter code of the language its announcements are written in (one of the core's LANGUAGES;
   * 'en' for every subscription made before subscriptions had a language).
   */
  language: string;
  state: SubscriptionState;
  /** Why it is paused (e.g. the channel is gone), shown by `status`; null when active. */
  pausedReason: string | null;
  /** The platform user id of whoever subscribed: the only thing kept about a person. */
  subscribedBy: string;
  /** When the channel last subscribed (a re-subscribe moves it): nothing due before it is announced. */
  subscribedAt: Date;
  updatedAt: Date;
}

/** What subscribing stores; `language` defaults to 'en'. */
export type NewSubscription = Target &
  Pick<Subscription, 'schedule' | 'timeZone' | 'subscribedBy'> &
  Partial<Pick<Subscription, 'language'>>;

/** One announcement a schedule produces, at one instant, for one time zone. */
export interface Occurrence {
  /**
   * Stable identity, independent of the zone's offset: `<date>:<rule>@<local wall time>`, e.g.
   * `start:before-7@2025-10-27T09:00`. Deliveries are recorded per (subscription, key).
   */
  key: string;
  schedule: string;
  /** The policy date the rule is relative to (e.g. `start`). */
  dateName: string;
  /** `before`: a countdown milestone; `day`: the date itself; `after`: a recurring reminder. */
  kind: 'before' | 'day' | 'after';
  /** Calendar days from the policy date in the local zone (negative before it). */
  daysFromDate: number;
  /** The instant to post. */
  at: Date;
  /** Wall time in `timeZone`, `YYYY-MM-DDTHH:mm`. */
  local: string;
  timeZone: string;
}

/** How one subscription wants its announcement: the language it is written in (default 'en'). */
export interface ComposeOptions {
  language?: string | undefined;
}

/**
 * Builds the announcement for an occurrence at `now`; the core's time-aware deadline reply. The occurrence
 * is shared by every subscription on the same schedule and zone, so the subscription's own choices (its
 * language) come separately.
 */
export type Compose = (occurrence: Occurrence, now: Date, options?: ComposeOptions) => Reply;

export type SettleResult = 'posted' | 'not-posted' | 'unknown';

export interface PostOptions {
  /**
   * The same for every attempt at one (subscription, occurrence): adapters send it where the platform can
   * de-duplicate or find it later (an enforced message nonce, message metadata).
   */
  idempotencyKey: string;
}

export interface PostReceipt {
  /** The platform's id for the message (opaque, from the adapter), kept for status; never its text. */
  messageRef?: string;
}

/** What a platform adapter implements to deliver announcements. Errors must be PostErrors (see below). */
export interface Poster {
  post(
    target: Target,
    occurrence: Occurrence,
    payload: Reply,
    options: PostOptions,
  ): Promise<PostReceipt | undefined>;
  /** Whether a message with this key is already in the channel; used to settle unfinished deliveries. */
  findPosted?(target: Target, idempotencyKey: string): Promise<SettleResult>;
  /**
   * How long after a first attempt the platform itself drops a repeat with the same key (the window of an
   * enforced nonce). Within it an unsettled delivery may be posted again safely.
   */
  repeatIsDroppedWithinMs?: number;
}

export type PostErrorKind = 'rate-limited' | 'transient' | 'gone' | 'forbidden';
export type RateLimitScope = 'channel' | 'workspace' | 'bot';

/**
 * The only errors a Poster should throw. Adapters map their platform's answers onto these:
 * - rate-limited: HTTP 429 or the platform's own rate-limit error, with its retry-after;
 * - transient: 5xx, timeouts, connection resets; `ambiguous` when the request may have been applied;
 * - gone: the channel does not exist any more (deleted, archived);
 * - forbidden: the bot is not in the channel, or lacks the access or permission to post there.
 * Anything else thrown is treated as an ambiguous transient error.
 */
export class PostError extends CodedError {
  readonly kind: PostErrorKind;
  readonly retryAfterMs: number | undefined;
  /**
   * What a rate limit covers: one channel (the default), the whole workspace (a per-app, per-workspace
   * limit), or the whole bot (a global limit). Wider scopes hold every post they cover.
   */
  readonly scope: RateLimitScope;
  readonly ambiguous: boolean;

  constructor(
    kind: PostErrorKind,
    message: string,
    opts: { retryAfterMs?: number; scope?: RateLimitScope; ambiguous?: boolean } = {},
  ) {
    super(`post_${kind}`, message);
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
    this.scope = opts.scope ?? 'channel';
    this.ambiguous = opts.ambiguous ?? false;
  }
}

/** Waits; injected so tests drive time with a manual clock instead of real timers. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function describeTarget(t: Target): string {
  return `${t.platform}:${t.workspaceId}/${t.channelId}`;
}
