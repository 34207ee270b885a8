// What `npm run insights` shows, as data: per entry asked / helpful / unhelpful over the days read, worst
// first; per day the fallback and "did you mean" rates; the unanswered questions asked often enough.
import { addDays } from './day.js';
import { UNANSWERED_MIN_TIMES, unansweredKeepFrom } from './insights.js';
import type { InsightsStore, UnansweredCount } from './store.js';

/** Below this many votes an entry's unhelpful share says too little to rank it by. */
export const MIN_VOTES = 3;

export interface EntryRow {
  entry: string;
  asked: number;
  helpful: number;
  unhelpful: number;
  /** unhelpful / votes, when there are at least MIN_VOTES votes. */
  unhelpfulShare: number | undefined;
}

export interface DayRow {
  day: string;
  questions: number;
  fallbacks: number;
  suggestions: number;
  /** Shares of the day's free-text questions; undefined on a day without questions. */
  fallbackRate: number | undefined;
  suggestRate: number | undefined;
}

export interface InsightsReport {
  from: string;
  to: string;
  entries: EntryRow[];
  days: DayRow[];
  unanswered: UnansweredCount[];
}

/**
 * Worst first: entries with enough votes by unhelpful share (then more unhelpful votes, then more asked),
 * then the rest by unhelpful votes and how often they were asked.
 */
export function worstFirst(a: EntryRow, b: EntryRow): number {
  const ranked = (r: EntryRow) => (r.unhelpfulShare === undefined ? 1 : 0);
  return (
    ranked(a) - ranked(b) ||
    (b.unhelpfulShare ?? 0) - (a.unhelpfulShare ?? 0) ||
    b.unhelpful - a.unhelpful ||
    b.asked - a.asked ||
    a.entry.localeCompare(b.entry)
  );
}

export async function buildReport(
  store: InsightsStore,
  opts: { today: string; days: number },
): Promise<InsightsReport> {
  const to = opts.today;
  const from = addDays(to, -(opts.days - 1));
  const data = await store.read({ from, to, minUnanswered: UNANSWERED_MIN_TIMES });
  const byEntry = new Map<string, EntryRow>();
  for (const row of data.entries) {
    const sum = byEntry.get(row.entry) ?? {
      entry: row.entry,
      asked: 0,
      helpful: 0,
      unhelpful: 0,
      unhelpfulShare: undefined,
    };
    sum.asked += row.asked;
    sum.helpful += row.helpful;
    sum.unhelpful += row.unhelpful;
    byEntry.set(row.entry, sum);
  }
  const entries = [...byEntry.values()].map((r) => {
    const votes = r.helpful + r.unhelpful;
    return { ...r, unhelpfulShare: votes >= MIN_VOTES ? r.unhelpful / votes : undefined };
  });
  const rate = (n: number, of: number) => (of > 0 ? n / of : undefined);
  const days = [...data.days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((d) => ({
      ...d,
      fallbackRate: rate(d.fallbacks, d.questions),
      suggestRate: rate(d.suggestions, d.questions),
    }));
  // Questions older than the 30 days kept are gone even if no sweep ran yet.
  const keepFrom = unansweredKeepFrom(to);
  const unanswered =
    from >= keepFrom
      ? data.unanswered
      : (await store.read({ from: keepFrom, to, minUnanswered: UNANSWERED_MIN_TIMES })).unanswered;
  return { from, to, entries: entries.sort(worstFirst), days, unanswered };
}
