// The storage contract for announcements: subscriptions and one delivery record per (subscription,
// occurrence). The record is claimed before posting and finished after, so two processes sharing one
// database never both post, and a crash leaves a visible "claimed" row to settle on restart.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { NewSubscription, Platform, Subscription, SubscriptionState, Target } from './types.js';

/**
 * claimed: someone is posting it (or crashed while doing so); posted: done; failed: a round gave up
 * (re-claimable while attempts remain); unknown: a crash left it unsettled and the platform could not say
 * whether it was posted, so it is not posted again.
 */
export type DeliveryState = 'claimed' | 'posted' | 'failed' | 'unknown';

export interface Delivery {
  subscriptionId: number;
  occurrenceKey: string;
  scheduledAt: Date;
  state: DeliveryState;
  /** The runner that holds (or last held) the claim. */
  owner: string | null;
  claimedAt: Date | null;
  finishedAt: Date | null;
  /** Claim rounds so far (a failed round may be claimed again on a later tick). */
  attempts: number;
  messageRef: string | null;
  /** Why it failed or could not be settled; never message text. */
  error: string | null;
}

export interface ClaimRequest {
  subscriptionId: number;
  occurrenceKey: string;
  scheduledAt: Date;
  owner: string;
  now: Date;
  /** A failed record is claimed again only while its attempts are below this. */
  maxAttempts: number;
}

export interface FinishOutcome {
  state: 'posted' | 'failed' | 'unknown';
  messageRef?: string;
  error?: string;
}

export interface SubscriptionFilter {
  state?: SubscriptionState;
  platform?: Platform;
}

export interface AnnouncementStore {
  /**
   * Create or replace the channel's subscription. An existing one is re-activated, keeps its id and
   * delivery history (so nothing is announced twice), and counts as subscribed from `now`.
   */
  subscribe(input: NewSubscription, now: Date): Promise<Subscription>;
  /** Remove the channel's subscription and its delivery records; false if there was none. */
  unsubscribe(target: Target): Promise<boolean>;
  /**
   * Remove every subscription of one workspace (the app was uninstalled there) and their delivery
   * records; returns how many subscriptions were removed.
   */
  removeWorkspace(platform: Platform, workspaceId: string): Promise<number>;
  getSubscription(target: Target): Promise<Subscription | undefined>;
  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** Stop announcing to a subscription (channel gone, bot removed); `status` shows the reason. */
  pause(subscriptionId: number, reason: string, now: Date): Promise<void>;

  /** Record that a runner is alive; claims of runners silent for too long count as orphaned. */
  heartbeat(owner: string, now: Date): Promise<void>;
  /** Atomically take the right to post; false if another runner has it or it is already done. */
  claim(request: ClaimRequest): Promise<boolean>;
  /** Finish a claim; false (and nothing changed) if `owner` no longer holds it. */
  finish(
    subscriptionId: number,
    occurrenceKey: string,
    owner: string,
    outcome: FinishOutcome,
    now: Date,
  ): Promise<boolean>;
  /**
   * Hand every claim on `platforms` whose owner's last heartbeat is before `staleBefore` to `owner`.
   * Returns them with their original `claimedAt`.
   */
  takeOverOrphans(
    owner: string,
    staleBefore: Date,
    now: Date,
    platforms: readonly Platform[],
  ): Promise<Delivery[]>;
  getDelivery(subscriptionId: number, occurrenceKey: string): Promise<Delivery | undefined>;
  listDeliveries(subscriptionId?: number): Promise<Delivery[]>;
  /**
   * Present on stores that several hosts share (Postgres): who fans out to which workspace. Without it,
   * every runner works every workspace and the claims alone keep each delivery to one post.
   */
  readonly leases?: WorkspaceLeases;
  close(): Promise<void>;
}

/**
 * Leases on workspaces, so one workspace's posts are made by one host at a time (its rate limits are per
 * workspace, and two hosts posting into it would only collect each other's 429s) while other hosts take
 * other workspaces. A lease is an efficiency, not a guarantee: exactly-once still rests on the claims, so
 * a host that lost its lease while stalled posts nothing twice. Leases expire by the store's own clock,
 * so the lease of a host that died is free again after `ttlMs` whatever the other hosts' clocks say.
 */
export interface WorkspaceLeases {
  /** Take the workspace's lease, or renew it if `owner` holds it; false while another live owner has it. */
  acquire(owner: string, platform: Platform, workspaceId: string, ttlMs: number): Promise<boolean>;
  /** Give it up (done with the workspace); nothing happens if `owner` no longer holds it. */
  release(owner: string, platform: Platform, workspaceId: string): Promise<void>;
  /** Runners that heartbeated within the last `withinMs` by the store's clock (this one included). */
  liveRunners(withinMs: number): Promise<number>;
  /**
   * Of these deliveries, the ones already settled or in someone's hands (any record that is not
   * `failed`), as `subscriptionId|occurrenceKey`: a host taking over a workspace skips them in one query.
   */
  taken(deliveries: ReadonlyArray<{ subscriptionId: number; occurrenceKey: string }>): Promise<Set<string>>;
}

/** A runner id unique to this process start: host, pid and a random part. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The key sent with every attempt at one delivery. 24 characters, within the tightest nonce limit an
 * adapter has (25); derived, so a restarted process computes the same key for the same delivery.
 */
export function idempotencyKey(subscriptionId: number, occurrenceKey: string): string {
  return `oo${createHash('sha256').update(`${subscriptionId}|${occurrenceKey}`).digest('hex').slice(0, 22)}`;
}

/**
 * What a platform name may look like: a short lowercase identifier (such as `matrix`, not "My Chat"). The
 * adapter registry owns the names; checking their shape where they enter a store keeps a display name or a
 * typo from quietly becoming a platform of its own that no poster will ever serve.
 */
export const PLATFORM_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Throws (a programming error in the calling adapter, not something a user can cause) unless valid. */
export function checkPlatformName(platform: Platform): void {
  if (!PLATFORM_NAME.test(platform)) {
    throw new RangeError(
      `Platform name ${JSON.stringify(platform)} is not a short lowercase identifier (${PLATFORM_NAME.source})`,
    );
  }
}

/**
 * What a subscription's language may look like: a two-letter lowercase code (`de`, not `German` or
 * `pt-BR`). The commands read what people type into one of the core's languages; this keeps anything else
 * from being stored by a caller that skipped them.
 */
export const LANGUAGE_CODE = /^[a-z]{2}$/;

/** The language to store for a new subscription: the one given, checked, or 'en'. */
export function checkedLanguage(language: string | undefined): string {
  const code = language ?? 'en';
  if (!LANGUAGE_CODE.test(code)) {
    throw new RangeError(`Language ${JSON.stringify(code)} is not a two-letter lowercase code (such as de)`);
  }
  return code;
}

export function sameTarget(a: Target, b: Target): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
