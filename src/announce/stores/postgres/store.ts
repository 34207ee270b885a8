// The Postgres AnnouncementStore: the same records as the SQLite store, shared by bot processes on several
// hosts. Every claim is one conditional INSERT ... ON CONFLICT, committed before anything is posted, so
// exactly one host wins it; a host killed mid-post leaves a `claimed` row that settle.ts resolves.
//
// Times. What a record says happened (subscribedAt, claimedAt, finishedAt, updatedAt) is the caller's
// `now`, stored as given. Whether a runner is alive is judged by the DATABASE's clock only, so hosts whose
// clocks disagree still agree on who is orphaned:
// - heartbeat(owner, now) records clock_timestamp() and ignores `now`;
// - takeOverOrphans(owner, staleBefore, now) uses only the length `now - staleBefore` (the caller's
//   "silent for this long"): a runner is stale when its heartbeat is older than the database's clock
//   minus that length;
// - workspace leases expire by the database's clock as well.
// Opening it (and migrating under an advisory lock): see open.ts.
import { z } from 'zod';
import type { Pool } from '../../../storage/index.js';
import { transaction } from '../../../storage/index.js';
import {
  type AnnouncementStore,
  type ClaimRequest,
  checkedLanguage,
  checkPlatformName,
  type Delivery,
  type FinishOutcome,
  type SubscriptionFilter,
  type WorkspaceLeases,
} from '../../store.js';
import type { NewSubscription, Platform, Subscription, Target } from '../../types.js';
import { rowParsers } from '../rows.js';

// Rows as the driver gives them: `timestamptz` columns arrive as Dates.
const { subscription: subscriptionRow, delivery: deliveryRow } = rowParsers(z.date());

/** A length in ms as a Postgres interval parameter. */
const interval = (ms: number) => `${Math.max(0, Math.round(ms))} milliseconds`;

const SQL = {
  upsert: `
    INSERT INTO announce_subscriptions (platform, workspace_id, channel_id, schedule, time_zone, state,
                                        paused_reason, subscribed_by, subscribed_at, updated_at, language)
    VALUES ($1, $2, $3, $4, $5, 'active', NULL, $6, $7, $7, $8)
    ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET
      schedule = excluded.schedule, time_zone = excluded.time_zone, language = excluded.language,
      state = 'active', paused_reason = NULL,
      subscribed_by = excluded.subscribed_by, subscribed_at = excluded.subscribed_at,
      updated_at = excluded.updated_at
    RETURNING *`,
  // One statement decides the claim, as in SQLite: a new record, or a failed one with attempts left.
  claim: `
    INSERT INTO announce_deliveries (subscription_id, occurrence_key, scheduled_at, state, owner, claimed_at,
                                     attempts)
    VALUES ($1, $2, $3, 'claimed', $4, $5, 1)
    ON CONFLICT (subscription_id, occurrence_key) DO UPDATE SET
      state = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at, finished_at = NULL,
      attempts = announce_deliveries.attempts + 1, error = NULL
    WHERE announce_deliveries.state = 'failed' AND announce_deliveries.attempts < $6`,
  finish: `
    UPDATE announce_deliveries SET state = $4, finished_at = $5, message_ref = $6, error = $7
    WHERE subscription_id = $1 AND occurrence_key = $2 AND state = 'claimed' AND owner = $3`,
  // Runners silent for a week are long gone (their claims were taken over long ago): forgotten here.
  heartbeat: `
    WITH forgotten AS (
      DELETE FROM announce_runners WHERE heartbeat_at < clock_timestamp() - interval '7 days' AND id <> $1
    )
    INSERT INTO announce_runners (id, heartbeat_at) VALUES ($1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
  // Locked and skipped when another settler holds them, so two hosts restarting together split the
  // orphans. The staleness test sits in the row's own WHERE: when a row another settler just took is
  // re-checked after its lock, the new owner's fresh heartbeat keeps it from being taken twice.
  orphans: `
    SELECT d.* FROM announce_deliveries d
    WHERE d.state = 'claimed' AND d.owner IS DISTINCT FROM $1
      AND d.subscription_id IN (SELECT id FROM announce_subscriptions WHERE platform = ANY($3::text[]))
      AND NOT EXISTS (SELECT 1 FROM announce_runners r
                      WHERE r.id = d.owner AND r.heartbeat_at >= clock_timestamp() - $2::interval)
    FOR UPDATE OF d SKIP LOCKED`,
  takeOver: `
    UPDATE announce_deliveries SET owner = $1, claimed_at = $2
    WHERE state = 'claimed' AND (subscription_id, occurrence_key) IN
      (SELECT * FROM unnest($3::integer[], $4::text[]))`,
  // Free, renewed by its holder, or expired (by the database's clock): one statement, so one host wins.
  acquire: `
    INSERT INTO announce_workspace_leases (platform, workspace_id, owner, expires_at)
    VALUES ($1, $2, $3, clock_timestamp() + $4::interval)
    ON CONFLICT (platform, workspace_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
    WHERE announce_workspace_leases.owner = excluded.owner
       OR announce_workspace_leases.expires_at < clock_timestamp()`,
} as const;

export class PostgresAnnouncementStore implements AnnouncementStore {
  readonly #pool: Pool;
  #closed = false;
  readonly leases: WorkspaceLeases;

  constructor(pool: Pool) {
    this.#pool = pool;
    this.leases = {
      acquire: async (owner, platform, workspaceId, ttlMs) =>
        (await pool.query(SQL.acquire, [platform, workspaceId, owner, interval(ttlMs)])).rowCount === 1,
      release: async (owner, platform, workspaceId) => {
        await pool.query(
          'DELETE FROM announce_workspace_leases WHERE platform = $1 AND workspace_id = $2 AND owner = $3',
          [platform, workspaceId, owner],
        );
      },
      liveRunners: async (withinMs) => {
        const r = await pool.query(
          'SELECT count(*)::integer AS n FROM announce_runners WHERE heartbeat_at >= clock_timestamp() - $1::interval',
          [interval(withinMs)],
        );
        return z.object({ n: z.number() }).parse(r.rows[0]).n;
      },
      taken: async (deliveries) => {
        if (deliveries.length === 0) return new Set();
        const r = await pool.query(
          `SELECT subscription_id, occurrence_key FROM announce_deliveries
           WHERE state <> 'failed' AND (subscription_id, occurrence_key) IN
             (SELECT * FROM unnest($1::integer[], $2::text[]))`,
          [deliveries.map((d) => d.subscriptionId), deliveries.map((d) => d.occurrenceKey)],
        );
        const rows = z.object({ subscription_id: z.number(), occurrence_key: z.string() }).array();
        return new Set(rows.parse(r.rows).map((d) => `${d.subscription_id}|${d.occurrence_key}`));
      },
    };
  }

  async subscribe(input: NewSubscription, now: Date): Promise<Subscription> {
    // The one place a platform name enters the database.
    checkPlatformName(input.platform);
    const r = await this.#pool.query(SQL.upsert, [
      input.platform,
      input.workspaceId,
      input.channelId,
      input.schedule,
      input.timeZone,
      input.subscribedBy,
      now,
      checkedLanguage(input.language),
    ]);
    return subscriptionRow.parse(r.rows[0]);
  }

  async unsubscribe(t: Target): Promise<boolean> {
    // Delivery records go with it (ON DELETE CASCADE): nothing is kept about a channel that left.
    const r = await this.#pool.query(
      'DELETE FROM announce_subscriptions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3',
      [t.platform, t.workspaceId, t.channelId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async removeWorkspace(platform: Platform, workspaceId: string): Promise<number> {
    return transaction(this.#pool, async (client) => {
      const r = await client.query(
        'DELETE FROM announce_subscriptions WHERE platform = $1 AND workspace_id = $2',
        [platform, workspaceId],
      );
      await client.query('DELETE FROM announce_workspace_leases WHERE platform = $1 AND workspace_id = $2', [
        platform,
        workspaceId,
      ]);
      return r.rowCount ?? 0;
    });
  }

  async getSubscription(t: Target): Promise<Subscription | undefined> {
    const r = await this.#pool.query(
      'SELECT * FROM announce_subscriptions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3',
      [t.platform, t.workspaceId, t.channelId],
    );
    const row = subscriptionRow.optional().parse(r.rows[0]);
    return row;
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    const r = await this.#pool.query(
      `SELECT * FROM announce_subscriptions WHERE ($1::text IS NULL OR state = $1)
         AND ($2::text IS NULL OR platform = $2) ORDER BY id`,
      [filter.state ?? null, filter.platform ?? null],
    );
    return subscriptionRow.array().parse(r.rows);
  }

  async pause(subscriptionId: number, reason: string, now: Date): Promise<void> {
    await this.#pool.query(
      "UPDATE announce_subscriptions SET state = 'paused', paused_reason = $1, updated_at = $2 WHERE id = $3",
      [reason, now, subscriptionId],
    );
  }

  /** `now` is ignored: the heartbeat is the database's clock (see the top of this file). */
  async heartbeat(owner: string, _now: Date): Promise<void> {
    await this.#pool.query(SQL.heartbeat, [owner]);
  }

  async claim(r: ClaimRequest): Promise<boolean> {
    const result = await this.#pool.query(SQL.claim, [
      r.subscriptionId,
      r.occurrenceKey,
      r.scheduledAt,
      r.owner,
      r.now,
      r.maxAttempts,
    ]);
    return result.rowCount === 1;
  }

  async finish(
    subscriptionId: number,
    occurrenceKey: string,
    owner: string,
    outcome: FinishOutcome,
    now: Date,
  ): Promise<boolean> {
    const r = await this.#pool.query(SQL.finish, [
      subscriptionId,
      occurrenceKey,
      owner,
      outcome.state,
      now,
      outcome.messageRef ?? null,
      outcome.error ?? null,
    ]);
    return r.rowCount === 1;
  }

  /** Stale means silent for longer than `now - staleBefore` by the database's clock (see the top). */
  async takeOverOrphans(
    owner: string,
    staleBefore: Date,
    now: Date,
    platforms: readonly Platform[],
  ): Promise<Delivery[]> {
    if (platforms.length === 0) return [];
    const silentFor = interval(now.getTime() - staleBefore.getTime());
    const rows = await transaction(this.#pool, async (client) => {
      const found = deliveryRow
        .array()
        .parse((await client.query(SQL.orphans, [owner, silentFor, [...platforms]])).rows);
      if (found.length > 0) {
        await client.query(SQL.takeOver, [
          owner,
          now,
          found.map((d) => d.subscriptionId),
          found.map((d) => d.occurrenceKey),
        ]);
      }
      return found;
    });
    // claimedAt stays the first claim's time: settling compares it with the platform's de-duplication window.
    return rows.map((row) => ({ ...row, owner }));
  }

  async getDelivery(subscriptionId: number, occurrenceKey: string): Promise<Delivery | undefined> {
    const r = await this.#pool.query(
      'SELECT * FROM announce_deliveries WHERE subscription_id = $1 AND occurrence_key = $2',
      [subscriptionId, occurrenceKey],
    );
    const row = deliveryRow.optional().parse(r.rows[0]);
    return row;
  }

  async listDeliveries(subscriptionId?: number): Promise<Delivery[]> {
    const r = await this.#pool.query(
      `SELECT * FROM announce_deliveries WHERE ($1::integer IS NULL OR subscription_id = $1)
       ORDER BY scheduled_at, subscription_id, occurrence_key`,
      [subscriptionId ?? null],
    );
    return deliveryRow.array().parse(r.rows);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
