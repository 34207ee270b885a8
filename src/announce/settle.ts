// Restart safety: a delivery claimed by a runner that died (killed mid-post) is taken over and settled
// with what the platform can tell: already posted -> marked; not posted and still the one due -> posted now;
// nobody can tell -> left unposted and logged, because a missed reminder is better than a doubled one.
import type { Clock, Logger } from '../core/index.js';
import type { DeliveryOutcome, DeliveryRunner } from './runner.js';
import { type AnnouncementStore, type Delivery, idempotencyKey } from './store.js';
import { describeTarget, type Occurrence, type SettleResult, type Subscription } from './types.js';

export interface SettleDeps {
  store: AnnouncementStore;
  runner: DeliveryRunner;
  clock: Clock;
  logger: Logger;
  /** A runner silent (no heartbeat) for this long is taken as dead. */
  staleAfterMs: number;
  /** The occurrence due now for a subscription (the latest within grace), to decide whether to post late. */
  dueFor(subscription: Subscription, now: Date): Occurrence | undefined;
}

export type SettleOutcome = DeliveryOutcome | 'marked-posted' | 'dropped';

export async function settleOrphans(deps: SettleDeps): Promise<SettleOutcome[]> {
  const { store, runner, clock, logger } = deps;
  const now = clock.now();
  // Only claims on platforms this process can post to: the others are left for a process that can.
  const platforms = runner.platforms();
  if (platforms.length === 0) return [];
  await runner.heartbeat(true);
  const orphans = await store.takeOverOrphans(
    runner.owner,
    new Date(now.getTime() - deps.staleAfterMs),
    now,
    platforms,
  );
  if (orphans.length === 0) return [];
  const subs = new Map((await store.listSubscriptions()).map((s) => [s.id, s]));
  logger.info('settling unfinished announcement deliveries', { count: orphans.length });
  const outcomes: SettleOutcome[] = [];
  for (const orphan of orphans) {
    try {
      outcomes.push(await settleOne(deps, orphan, subs.get(orphan.subscriptionId)));
    } catch (err) {
      logger.error('settling an announcement delivery failed', {
        subscription: orphan.subscriptionId,
        occurrence: orphan.occurrenceKey,
        error: err,
      });
      outcomes.push('failed');
    }
  }
  return outcomes;
}

async function settleOne(
  deps: SettleDeps,
  orphan: Delivery,
  sub: Subscription | undefined,
): Promise<SettleOutcome> {
  const { store, runner, clock, logger } = deps;
  const finish = (state: 'posted' | 'failed' | 'unknown', error?: string) =>
    store.finish(
      orphan.subscriptionId,
      orphan.occurrenceKey,
      runner.owner,
      error ? { state, error } : { state },
      clock.now(),
    );
  const ctx = { subscription: orphan.subscriptionId, occurrence: orphan.occurrenceKey };
  const poster = sub && runner.poster(sub.platform);
  if (!sub || !poster || sub.state !== 'active') {
    await finish('failed', 'subscription paused before the delivery was settled');
    return 'dropped';
  }
  const key = idempotencyKey(sub.id, orphan.occurrenceKey);
  let found: SettleResult = 'unknown';
  if (poster.findPosted) {
    found = await poster.findPosted(sub, key).catch((err: unknown) => {
      logger.warn('could not look up an unfinished announcement', { ...ctx, error: err });
      return 'unknown' as const;
    });
  }
  if (found === 'posted') {
    await finish('posted');
    logger.info('unfinished announcement was posted before the restart; marked', {
      ...ctx,
      target: describeTarget(sub),
    });
    return 'marked-posted';
  }
  const now = clock.now();
  const due = deps.dueFor(sub, now);
  const stillDue = due?.key === orphan.occurrenceKey;
  const claimedAt = orphan.claimedAt?.getTime() ?? 0;
  const repeatIsSafe =
    poster.repeatIsDroppedWithinMs !== undefined &&
    now.getTime() - claimedAt < poster.repeatIsDroppedWithinMs;
  if (due && stillDue && (found === 'not-posted' || repeatIsSafe)) {
    return runner.postClaimed({ subscription: sub, occurrence: due });
  }
  if (found === 'not-posted') {
    await finish('failed', 'not posted before the restart, and no longer due');
    return 'dropped';
  }
  await finish('unknown', 'crashed while posting; the platform could not confirm whether it was posted');
  logger.warn('could not settle an unfinished announcement; not posting it again', {
    ...ctx,
    target: describeTarget(sub),
  });
  return 'unknown';
}
