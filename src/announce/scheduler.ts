// The periodic job: every tick heartbeats, settles orphaned claims, works out which occurrence is due for
// each active subscription, and hands them to the runner. A tick never throws: a failure is logged with
// its context and the next tick tries again.
import { type Clock, type Logger, silentLogger } from '../core/index.js';
import { latestDue, nextOccurrences } from './occurrences.js';
import type { DeliveryRunner, Due, FanOutReport } from './runner.js';
import type { Schedule, Schedules } from './schedule.js';
import { type SettleOutcome, settleOrphans } from './settle.js';
import type { AnnouncementStore } from './store.js';
import type { Occurrence, Subscription } from './types.js';

export interface SchedulerOptions {
  store: AnnouncementStore;
  runner: DeliveryRunner;
  schedules: Schedules;
  /** Policy dates (Bot.dates()). */
  dates: Record<string, Date>;
  clock: Clock;
  logger?: Logger;
  /** A runner silent for this long is taken as dead and its claims are settled. */
  staleAfterMs?: number;
}

export interface TickReport {
  due: number;
  fanOut: FanOutReport | undefined;
  settled: SettleOutcome[];
}

export class AnnouncementScheduler {
  readonly #o: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<TickReport | undefined> | undefined;
  #warnedSchedules = new Set<string>();
  /** (subscription, occurrence) pairs this process has finished with, so ticks do not re-claim them. */
  readonly #done = new Map<string, number>();

  constructor(options: SchedulerOptions) {
    this.#o = { logger: silentLogger, staleAfterMs: 60_000, ...options };
  }

  /** The schedule a subscription follows; a name since removed from the file falls back to `default`. */
  scheduleFor(sub: Pick<Subscription, 'schedule'>): Schedule {
    const s = this.#o.schedules.get(sub.schedule);
    if (s) return s;
    if (!this.#warnedSchedules.has(sub.schedule)) {
      this.#warnedSchedules.add(sub.schedule);
      this.#o.logger.warn('subscription names an unknown schedule; using default', {
        schedule: sub.schedule,
      });
    }
    const fallback = this.#o.schedules.get('default');
    if (!fallback) throw new Error('no default schedule');
    return fallback;
  }

  /**
   * The occurrence due now for a subscription: the latest within the grace window, if it came after the
   * channel subscribed. `shared` lets channels with the same schedule and zone share the computation
   * (10,000 channels are a handful of groups).
   */
  dueFor(
    sub: Subscription,
    now: Date,
    shared = new Map<string, Occurrence | undefined>(),
  ): Occurrence | undefined {
    const schedule = this.scheduleFor(sub);
    const group = `${schedule.name}|${sub.timeZone}`;
    if (!shared.has(group))
      shared.set(group, latestDue(schedule, this.#o.dates, sub.timeZone, now, new Date(0)));
    const latest = shared.get(group);
    return latest && latest.at.getTime() > sub.subscribedAt.getTime() ? latest : undefined;
  }

  /** The next occurrences after `now` for a subscription (for `status` and previews). */
  nextFor(sub: Pick<Subscription, 'schedule' | 'timeZone'>, now: Date, limit = 1): Occurrence[] {
    return nextOccurrences(this.scheduleFor(sub), this.#o.dates, sub.timeZone, now, limit);
  }

  /** What is due now across all active subscriptions (one per subscription at most). */
  async dueNow(now: Date): Promise<Due[]> {
    const subs = await this.#o.store.listSubscriptions({ state: 'active' });
    const shared = new Map<string, Occurrence | undefined>();
    const due: Due[] = [];
    for (const sub of subs) {
      if (!this.#o.runner.hasPoster(sub.platform)) continue;
      const occurrence = this.dueFor(sub, now, shared);
      if (occurrence && !this.#done.has(`${sub.id}|${occurrence.key}`))
        due.push({ subscription: sub, occurrence });
    }
    return due;
  }

  /** One pass: settle, find what is due, deliver. Never throws. */
  async tick(): Promise<TickReport | undefined> {
    if (this.#running) return this.#running;
    this.#running = this.#tick().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #tick(): Promise<TickReport | undefined> {
    const { runner, clock, logger } = this.#o;
    try {
      const settled = await settleOrphans({
        store: this.#o.store,
        runner,
        clock,
        logger,
        staleAfterMs: this.#o.staleAfterMs,
        dueFor: (sub, now) => this.dueFor(sub, now),
      });
      const now = clock.now();
      const due = await this.dueNow(now);
      const fanOut =
        due.length > 0
          ? await runner.deliver(due, (item, outcome) => this.#remember(item, outcome))
          : undefined;
      if (fanOut) logger.info('announcements delivered', { ...fanOut });
      this.#forgetOld(now);
      return { due: due.length, fanOut, settled };
    } catch (err) {
      logger.error('announcement tick failed', { error: err });
      return undefined;
    }
  }

  #remember(item: Due, outcome: string): void {
    // A failed round may be retried by a later tick, and what another host's lease held may fall to this
    // one when that host dies; anything else is settled for this process.
    if (outcome !== 'failed' && outcome !== 'elsewhere')
      this.#done.set(`${item.subscription.id}|${item.occurrence.key}`, item.occurrence.at.getTime());
  }

  #forgetOld(now: Date): void {
    const horizon = now.getTime() - 73 * 3_600_000; // beyond any grace window (at most 72 h)
    for (const [key, at] of this.#done) if (at < horizon) this.#done.delete(key);
  }

  /** Tick every `intervalMs` with real timers (the bot process); tests call tick() with a manual clock. */
  start(intervalMs = 30_000): void {
    if (this.#timer) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), intervalMs);
    this.#timer.unref();
  }

  /** Stop ticking and wait for a tick in progress to end. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
