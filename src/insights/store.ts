// The insights store port: counts per entry per day, counts per day, one-way vote keys for the current
// day, and (opt-in) scrubbed unanswered questions. Three stores implement it (memory, SQLite, Postgres)
// and one contract suite checks them all (tests/support/contracts/insights-contract.ts). Days are UTC
// calendar days written `YYYY-MM-DD`, which sort as text.

/** What one reply adds to the day's counts. */
export interface ReplyTally {
  /** The knowledge-base entry answered (a decline entry included), if any. */
  entry: string | undefined;
  /** A free-text question (not a button, command word or small talk) was asked. */
  question: boolean;
  /** The matcher had nothing ("I don't know that one"). */
  fallback: boolean;
  /** The matcher asked "did you mean". */
  suggested: boolean;
}

export interface EntryDay {
  day: string;
  entry: string;
  asked: number;
  helpful: number;
  unhelpful: number;
}

export interface DayCounts {
  day: string;
  /** Free-text questions asked. */
  questions: number;
  fallbacks: number;
  suggestions: number;
}

export interface UnansweredCount {
  text: string;
  /** Times it was asked over the days read. */
  times: number;
}

export interface InsightsData {
  entries: EntryDay[];
  days: DayCounts[];
  unanswered: UnansweredCount[];
}

export interface ReadRange {
  /** First and last day, inclusive. */
  from: string;
  to: string;
  /** Unanswered questions asked fewer times than this over the range are left out. */
  minUnanswered: number;
}

export interface InsightsStore {
  countReply(day: string, tally: ReplyTally): Promise<void>;
  /**
   * Count a vote for `entry` once per `voter` (a keyed hash) per day. Returns false, counting nothing,
   * when that voter key was already seen that day.
   */
  vote(day: string, entry: string, voter: string, helpful: boolean): Promise<boolean>;
  /** One more ask of an unanswered question (already scrubbed) on `day`. */
  keepUnanswered(day: string, text: string): Promise<void>;
  /** Forget vote keys of days before `today` and unanswered questions of days before `keepFrom`. */
  sweep(today: string, keepFrom: string): Promise<void>;
  read(range: ReadRange): Promise<InsightsData>;
  close(): Promise<void>;
}
