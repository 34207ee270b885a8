// Turns a schedule, the policy dates and a channel's time zone into concrete instants. Rules are read in
// wall-clock time (the calendar days of the zone) and only then converted to instants, so DST changes move
// an announcement's instant but never drop or repeat it.
import { Cron } from 'croner';
import type { Schedule } from './schedule.js';
import type { Occurrence } from './types.js';
import {
  addDays,
  calendarDate,
  formatWall,
  type WallTime,
  wallAsUtcMs,
  wallFromUtcMs,
  wallToInstant,
  zonedWallTime,
} from './zoned-time.js';

const DAY_MS = 86_400_000;
// Wider than any DST shift: wall-clock windows are padded by this before instants are filtered exactly.
const PAD_MS = 3 * 3_600_000;

const crons = new Map<string, { cron: Cron; from: number; next: number | null }>();

/**
 * The first wall-clock match strictly after `after` (wall-clock-as-UTC ms). Croner searches forward
 * minute-field by field, which costs most of a tick when the next match is weeks away; remembering the
 * last answer ("nothing in (from, next)") answers every tick until then without searching.
 */
function nextMatch(pattern: string, after: number): number | null {
  let memo = crons.get(pattern);
  if (!memo) {
    // Evaluated in UTC on wall-clock-as-UTC numbers: croner only matches fields; zones are handled here.
    memo = {
      cron: new Cron(pattern, { paused: true, timezone: 'UTC' }),
      from: Number.POSITIVE_INFINITY,
      next: null,
    };
    crons.set(pattern, memo);
  }
  if (memo.from <= after && (memo.next === null || after < memo.next)) return memo.next;
  const next = memo.cron.nextRun(new Date(after))?.getTime() ?? null;
  Object.assign(memo, { from: after, next });
  return next;
}

function policyDate(schedule: Schedule, dates: Record<string, Date>): Date {
  const date = dates[schedule.date];
  if (!date)
    throw new Error(`schedule "${schedule.name}" counts to "${schedule.date}", which is not a policy date`);
  return date;
}

function make(
  schedule: Schedule,
  timeZone: string,
  kind: Occurrence['kind'],
  rule: string,
  wall: WallTime,
  daysFromDate: number,
): Occurrence {
  const local = formatWall(wall);
  return {
    key: `${schedule.date}:${rule}@${local}`,
    schedule: schedule.name,
    dateName: schedule.date,
    kind,
    daysFromDate,
    at: wallToInstant(wall, timeZone),
    local,
    timeZone,
  };
}

// Milestones depend only on (schedule, date, zone) and every tick asks for them: compute each set once.
const milestoneCache = new WeakMap<Schedule, Map<string, readonly Occurrence[]>>();

/** The countdown milestones and the day itself: a short, finite list, in order. Treat as read-only. */
export function milestoneOccurrences(
  schedule: Schedule,
  dates: Record<string, Date>,
  timeZone: string,
): readonly Occurrence[] {
  const cacheKey = `${policyDate(schedule, dates).getTime()}|${timeZone}`;
  let perSchedule = milestoneCache.get(schedule);
  if (!perSchedule) {
    perSchedule = new Map();
    milestoneCache.set(schedule, perSchedule);
  }
  let list = perSchedule.get(cacheKey);
  if (!list) {
    list = computeMilestones(schedule, dates, timeZone);
    perSchedule.set(cacheKey, list);
  }
  return list;
}

function computeMilestones(schedule: Schedule, dates: Record<string, Date>, timeZone: string): Occurrence[] {
  const day = calendarDate(policyDate(schedule, dates));
  const list = schedule.daysBefore.map((n) =>
    make(schedule, timeZone, 'before', `before-${n}`, { ...addDays(day, -n), ...schedule.at }, -n),
  );
  if (schedule.onTheDay) list.push(make(schedule, timeZone, 'day', 'day', { ...day, ...schedule.at }, 0));
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Recurring reminders whose wall time lies in [fromWall, toWall] (wall-clock-as-UTC ms), at most `limit`.
 * They start the day after the date (the day itself is a milestone) and stop after `forDays`.
 */
function recurringInWallRange(
  schedule: Schedule,
  dates: Record<string, Date>,
  timeZone: string,
  fromWall: number,
  toWall: number,
  limit: number,
): Occurrence[] {
  if (!schedule.after) return [];
  const day = calendarDate(policyDate(schedule, dates));
  const dayMs = Date.UTC(day.year, day.month - 1, day.day);
  const first = dayMs + DAY_MS;
  const last =
    schedule.after.forDays === undefined
      ? toWall
      : Math.min(toWall, dayMs + (schedule.after.forDays + 1) * DAY_MS - 1);
  if (last < Math.max(first, fromWall)) return [];
  const out: Occurrence[] = [];
  // nextMatch is strictly after its argument: start a minute early so a match at the very start counts.
  let cursor = Math.max(first, fromWall) - 60_000;
  while (out.length < limit) {
    const next = nextMatch(schedule.after.cron, cursor);
    if (next === null || next > last) break;
    const wall = wallFromUtcMs(next);
    const days = Math.round((Date.UTC(wall.year, wall.month - 1, wall.day) - dayMs) / DAY_MS);
    out.push(make(schedule, timeZone, 'after', 'after', wall, days));
    cursor = next;
  }
  return out;
}

function sortUnique(list: Occurrence[]): Occurrence[] {
  // Two wall times can name one instant (a pattern matching inside a DST gap is moved onto the next
  // hour); announce that instant once.
  const seen = new Set<number>();
  return list
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .filter((o) => {
      const t = o.at.getTime();
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    });
}

/** Occurrences with `from < at <= to`, in order. */
export function occurrencesBetween(
  schedule: Schedule,
  dates: Record<string, Date>,
  timeZone: string,
  from: Date,
  to: Date,
): Occurrence[] {
  const inRange = (o: Occurrence) => o.at.getTime() > from.getTime() && o.at.getTime() <= to.getTime();
  const fromWall = wallAsUtcMs(zonedWallTime(from, timeZone)) - PAD_MS;
  const toWall = wallAsUtcMs(zonedWallTime(to, timeZone)) + PAD_MS;
  const recurring = recurringInWallRange(
    schedule,
    dates,
    timeZone,
    fromWall,
    toWall,
    Number.POSITIVE_INFINITY,
  );
  return sortUnique([...milestoneOccurrences(schedule, dates, timeZone), ...recurring]).filter(inRange);
}

/** The next `limit` occurrences strictly after `after`. */
export function nextOccurrences(
  schedule: Schedule,
  dates: Record<string, Date>,
  timeZone: string,
  after: Date,
  limit: number,
): Occurrence[] {
  const fromWall = wallAsUtcMs(zonedWallTime(after, timeZone)) - PAD_MS;
  // One extra recurring match covers one lost to the padding or to de-duplication.
  const recurring = recurringInWallRange(
    schedule,
    dates,
    timeZone,
    fromWall,
    Number.POSITIVE_INFINITY,
    limit + 2,
  );
  return sortUnique([...milestoneOccurrences(schedule, dates, timeZone), ...recurring])
    .filter((o) => o.at.getTime() > after.getTime())
    .slice(0, limit);
}

/**
 * What is due now: the most recent occurrence within the schedule's grace window, never one from before
 * `notBefore` (the subscription's start). After downtime this is the only missed one posted: a channel
 * gets the latest reminder, not a backlog.
 */
export function latestDue(
  schedule: Schedule,
  dates: Record<string, Date>,
  timeZone: string,
  now: Date,
  notBefore: Date,
): Occurrence | undefined {
  const from = new Date(Math.max(now.getTime() - schedule.graceHours * 3_600_000, notBefore.getTime()));
  if (from.getTime() >= now.getTime()) return undefined;
  return occurrencesBetween(schedule, dates, timeZone, from, now).at(-1);
}
