// The platform-neutral half of the subscribe / unsubscribe / status commands: parsing what was typed,
// checking the schedule and time zone, and summarising a channel's state. The adapters do permissions and
// rendering; the wording here is plain text with the core's small markdown subset (**bold**).
import type { Schedules } from './schedule.js';
import type { AnnouncementScheduler } from './scheduler.js';
import type { AnnouncementStore, Delivery } from './store.js';
import type { Occurrence, Subscription, Target } from './types.js';
import { canonicalTimeZone } from './zoned-time.js';

export interface SubscribeRequest {
  schedule?: string | undefined;
  timeZone?: string | undefined;
}

export type Resolved = { ok: true; schedule: string; timeZone: string } | { ok: false; error: string };

function zoneHint(): string {
  return 'Time zones are IANA names such as Europe/Berlin, America/New_York or UTC.';
}

/** Check a request's schedule and zone; fill in `default` and `defaultTimeZone`. */
export function resolveSubscribeRequest(
  schedules: Schedules,
  request: SubscribeRequest,
  defaultTimeZone = 'UTC',
): Resolved {
  const schedule = (request.schedule ?? 'default').trim().toLowerCase();
  if (!schedules.has(schedule)) {
    return {
      ok: false,
      error: `There is no schedule "${schedule}". Schedules: ${[...schedules.keys()].join(', ')}.`,
    };
  }
  const typed = request.timeZone ?? defaultTimeZone;
  const timeZone = canonicalTimeZone(typed);
  if (!timeZone) return { ok: false, error: `"${typed}" is not a time zone I know. ${zoneHint()}` };
  return { ok: true, schedule, timeZone };
}

/** Slack's `/optout subscribe [schedule] [time zone]`: words in any order, each a schedule or a zone. */
export function parseSubscribeWords(
  words: readonly string[],
  schedules: Schedules,
): SubscribeRequest | { error: string } {
  const request: SubscribeRequest = {};
  for (const word of words) {
    if (schedules.has(word.toLowerCase()) && !request.schedule) request.schedule = word.toLowerCase();
    else if (canonicalTimeZone(word) && !request.timeZone) request.timeZone = word;
    else {
      return {
        error: `I don't understand "${word}". Use \`subscribe [schedule] [time zone]\`; schedules: ${[
          ...schedules.keys(),
        ].join(', ')}. ${zoneHint()}`,
      };
    }
  }
  return request;
}

export interface SubscriptionStatus {
  subscription: Subscription;
  next: Occurrence | undefined;
  lastPosted: Delivery | undefined;
}

export async function subscriptionStatus(
  store: AnnouncementStore,
  scheduler: AnnouncementScheduler,
  target: Target,
  now: Date,
): Promise<SubscriptionStatus | undefined> {
  const subscription = await store.getSubscription(target);
  if (!subscription) return undefined;
  const lastPosted = (await store.listDeliveries(subscription.id)).filter((d) => d.state === 'posted').at(-1);
  return { subscription, next: scheduler.nextFor(subscription, now)[0], lastPosted };
}

/** "Mon 27 Oct 2025, 09:00 (Europe/Berlin)" */
export function formatLocal(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${text} (${timeZone})`;
}

/** "7 days before start", "on start", "reminder 28 days after start" */
export function describeOccurrence(o: Occurrence): string {
  if (o.kind === 'before')
    return `${-o.daysFromDate} day${o.daysFromDate === -1 ? '' : 's'} before ${o.dateName}`;
  if (o.kind === 'day') return `on ${o.dateName}`;
  return `reminder ${o.daysFromDate} day${o.daysFromDate === 1 ? '' : 's'} after ${o.dateName}`;
}

/** The `status` answer, plain text. */
export function formatStatus(status: SubscriptionStatus | undefined): string {
  if (!status) return 'This channel is not subscribed to announcements.';
  const { subscription: s, next, lastPosted } = status;
  const lines = [`This channel gets the **${s.schedule}** announcements, in ${s.timeZone}.`];
  if (s.state === 'paused')
    lines.push(`**Paused**: ${s.pausedReason ?? 'no reason recorded'}. Subscribe again to resume.`);
  else if (next) lines.push(`Next: ${describeOccurrence(next)}, ${formatLocal(next.at, s.timeZone)}.`);
  else lines.push('No more announcements are scheduled.');
  if (lastPosted)
    lines.push(`Last posted: ${formatLocal(lastPosted.finishedAt ?? lastPosted.scheduledAt, s.timeZone)}.`);
  return lines.join('\n');
}
