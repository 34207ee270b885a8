// The rows both SQL stores read, parsed on the way out (the driver's types are checked, not assumed) and
// turned into the port's types in one step. The stores differ only in how a time arrives: SQLite keeps
// epoch milliseconds, PostgreSQL gives `timestamptz` as a Date.
import { z } from 'zod';
import type { Delivery } from '../store.js';
import type { Subscription } from '../types.js';

export function rowParsers<In>(time: z.ZodType<Date, In>) {
  const subscription = z
    .object({
      id: z.number(),
      // Any name the adapter registry uses: the schema has no list of platforms since version 2.
      platform: z.string(),
      workspace_id: z.string(),
      channel_id: z.string(),
      schedule: z.string(),
      time_zone: z.string(),
      language: z.string(),
      state: z.enum(['active', 'paused']),
      paused_reason: z.string().nullable(),
      subscribed_by: z.string(),
      subscribed_at: time,
      updated_at: time,
    })
    .transform(
      (r): Subscription => ({
        id: r.id,
        platform: r.platform,
        workspaceId: r.workspace_id,
        channelId: r.channel_id,
        schedule: r.schedule,
        timeZone: r.time_zone,
        language: r.language,
        state: r.state,
        pausedReason: r.paused_reason,
        subscribedBy: r.subscribed_by,
        subscribedAt: r.subscribed_at,
        updatedAt: r.updated_at,
      }),
    );
  const delivery = z
    .object({
      subscription_id: z.number(),
      occurrence_key: z.string(),
      scheduled_at: time,
      state: z.enum(['claimed', 'posted', 'failed', 'unknown']),
      owner: z.string().nullable(),
      claimed_at: time.nullable(),
      finished_at: time.nullable(),
      attempts: z.number(),
      message_ref: z.string().nullable(),
      error: z.string().nullable(),
    })
    .transform(
      (r): Delivery => ({
        subscriptionId: r.subscription_id,
        occurrenceKey: r.occurrence_key,
        scheduledAt: r.scheduled_at,
        state: r.state,
        owner: r.owner,
        claimedAt: r.claimed_at,
        finishedAt: r.finished_at,
        attempts: r.attempts,
        messageRef: r.message_ref,
        error: r.error,
      }),
    );
  return { subscription, delivery };
}
