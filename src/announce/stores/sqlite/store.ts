// The SQLite AnnouncementStore (better-sqlite3, WAL). Several bot processes may share one file: every
// claim is a single conditional write, so exactly one of them wins. Opening it: see open.ts.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  type AnnouncementStore,
  type ClaimRequest,
  checkedLanguage,
  checkPlatformName,
  type Delivery,
  type FinishOutcome,
  type SubscriptionFilter,
} from '../../store.js';
import type { NewSubscription, Platform, Subscription, Target } from '../../types.js';
import { rowParsers } from '../rows.js';

// Rows as SQLite keeps them: times are epoch milliseconds.
const { subscription: subscriptionRow, delivery: deliveryRow } = rowParsers(
  z.number().transform((ms) => new Date(ms)),
);

export class SqliteAnnouncementStore implements AnnouncementStore {
  readonly #db: Database.Database;
  readonly #q;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#q = {
      upsert: db.prepare(`
        INSERT INTO subscriptions (platform, workspace_id, channel_id, schedule, time_zone, language, state,
                                   paused_reason, subscribed_by, subscribed_at, updated_at)
        VALUES (@platform, @workspaceId, @channelId, @schedule, @timeZone, @language, 'active', NULL,
                @subscribedBy, @now, @now)
        ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET
          schedule = excluded.schedule, time_zone = excluded.time_zone, language = excluded.language,
          state = 'active', paused_reason = NULL,
          subscribed_by = excluded.subscribed_by, subscribed_at = excluded.subscribed_at,
          updated_at = excluded.updated_at
        RETURNING *`),
      byTarget: db.prepare(
        'SELECT * FROM subscriptions WHERE platform = ? AND workspace_id = ? AND channel_id = ?',
      ),
      remove: db.prepare(
        'DELETE FROM subscriptions WHERE platform = ? AND workspace_id = ? AND channel_id = ?',
      ),
      removeWorkspace: db.prepare('DELETE FROM subscriptions WHERE platform = ? AND workspace_id = ?'),
      list: db.prepare(`SELECT * FROM subscriptions WHERE (@state IS NULL OR state = @state)
                          AND (@platform IS NULL OR platform = @platform) ORDER BY id`),
      pause: db.prepare(
        "UPDATE subscriptions SET state = 'paused', paused_reason = ?, updated_at = ? WHERE id = ?",
      ),
      heartbeat: db.prepare(
        'INSERT INTO runners (id, heartbeat_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at',
      ),
      forgetRunners: db.prepare('DELETE FROM runners WHERE heartbeat_at < ?'),
      // One statement decides the claim: a new record, or a failed one with attempts left. Anything else
      // (claimed by someone, posted, unknown) changes no row.
      claim: db.prepare(`
        INSERT INTO deliveries (subscription_id, occurrence_key, scheduled_at, state, owner, claimed_at, attempts)
        VALUES (@subscriptionId, @occurrenceKey, @scheduledAt, 'claimed', @owner, @now, 1)
        ON CONFLICT (subscription_id, occurrence_key) DO UPDATE SET
          state = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at, finished_at = NULL,
          attempts = attempts + 1, error = NULL
        WHERE state = 'failed' AND attempts < @maxAttempts`),
      finish: db.prepare(`
        UPDATE deliveries SET state = @state, finished_at = @now, message_ref = @messageRef, error = @error
        WHERE subscription_id = @subscriptionId AND occurrence_key = @occurrenceKey
          AND state = 'claimed' AND owner = @owner`),
      orphans: db.prepare(`
        SELECT d.* FROM deliveries d
          JOIN subscriptions s ON s.id = d.subscription_id
          LEFT JOIN runners r ON r.id = d.owner
        WHERE d.state = 'claimed' AND d.owner IS NOT @owner
          AND (r.heartbeat_at IS NULL OR r.heartbeat_at < @staleBefore)
          AND s.platform IN (SELECT value FROM json_each(@platforms))`),
      takeOver: db.prepare(`
        UPDATE deliveries SET owner = @owner, claimed_at = @now
        WHERE subscription_id = @subscriptionId AND occurrence_key = @occurrenceKey AND state = 'claimed'
          AND owner IS @previous`),
      delivery: db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? AND occurrence_key = ?'),
      deliveries: db.prepare(`SELECT * FROM deliveries WHERE (@id IS NULL OR subscription_id = @id)
                                ORDER BY scheduled_at, subscription_id`),
    };
  }

  async subscribe(input: NewSubscription, now: Date): Promise<Subscription> {
    // The one place a platform name enters the database.
    checkPlatformName(input.platform);
    const language = checkedLanguage(input.language);
    return subscriptionRow.parse(this.#q.upsert.get({ ...input, language, now: now.getTime() }));
  }

  async unsubscribe(t: Target): Promise<boolean> {
    // Delivery records go with it (ON DELETE CASCADE): nothing is kept about a channel that left.
    const removed = this.#q.remove.run(t.platform, t.workspaceId, t.channelId).changes > 0;
    // secure_delete zeroes the freed cells; the WAL still holds earlier copies of the page (with the
    // subscriber's user id) until it is checkpointed and truncated. Another process reading at this moment
    // can keep part of the WAL alive: the next unsubscribe or close retries.
    if (removed) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  async removeWorkspace(platform: Platform, workspaceId: string): Promise<number> {
    // Delivery records go with them (ON DELETE CASCADE), as for unsubscribe.
    const removed = this.#q.removeWorkspace.run(platform, workspaceId).changes;
    if (removed > 0) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  async getSubscription(t: Target): Promise<Subscription | undefined> {
    const row = subscriptionRow
      .optional()
      .parse(this.#q.byTarget.get(t.platform, t.workspaceId, t.channelId));
    return row;
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    const rows = this.#q.list.all({ state: filter.state ?? null, platform: filter.platform ?? null });
    return subscriptionRow.array().parse(rows);
  }

  async pause(subscriptionId: number, reason: string, now: Date): Promise<void> {
    this.#q.pause.run(reason, now.getTime(), subscriptionId);
  }

  async heartbeat(owner: string, now: Date): Promise<void> {
    this.#q.heartbeat.run(owner, now.getTime());
    // Runners that have been silent for a week are long gone; their claims were taken over long ago.
    this.#q.forgetRunners.run(now.getTime() - 7 * 86_400_000);
  }

  async claim(r: ClaimRequest): Promise<boolean> {
    const info = this.#q.claim.run({
      subscriptionId: r.subscriptionId,
      occurrenceKey: r.occurrenceKey,
      scheduledAt: r.scheduledAt.getTime(),
      owner: r.owner,
      now: r.now.getTime(),
      maxAttempts: r.maxAttempts,
    });
    return info.changes === 1;
  }

  async finish(
    subscriptionId: number,
    occurrenceKey: string,
    owner: string,
    outcome: FinishOutcome,
    now: Date,
  ): Promise<boolean> {
    const info = this.#q.finish.run({
      subscriptionId,
      occurrenceKey,
      owner,
      state: outcome.state,
      now: now.getTime(),
      messageRef: outcome.messageRef ?? null,
      error: outcome.error ?? null,
    });
    return info.changes === 1;
  }

  async takeOverOrphans(
    owner: string,
    staleBefore: Date,
    now: Date,
    platforms: readonly Platform[],
  ): Promise<Delivery[]> {
    // One write transaction: of two processes restarting together, only one takes each orphan.
    const run = this.#db.transaction(() => {
      const params = { owner, staleBefore: staleBefore.getTime(), platforms: JSON.stringify(platforms) };
      const rows = deliveryRow.array().parse(this.#q.orphans.all(params));
      return rows.filter(
        (row) =>
          this.#q.takeOver.run({
            owner,
            now: now.getTime(),
            subscriptionId: row.subscriptionId,
            occurrenceKey: row.occurrenceKey,
            previous: row.owner,
          }).changes === 1,
      );
    });
    // claimedAt stays the first claim's time: settling compares it with the platform's de-duplication window.
    return run.immediate().map((row) => ({ ...row, owner }));
  }

  async getDelivery(subscriptionId: number, occurrenceKey: string): Promise<Delivery | undefined> {
    const row = deliveryRow.optional().parse(this.#q.delivery.get(subscriptionId, occurrenceKey));
    return row;
  }

  async listDeliveries(subscriptionId?: number): Promise<Delivery[]> {
    return deliveryRow.array().parse(this.#q.deliveries.all({ id: subscriptionId ?? null }));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
