// The insights store in this process's memory: for tests and for a bot run without a database file.
import type { DayCounts, EntryDay, InsightsData, InsightsStore, ReadRange, ReplyTally } from '../../store.js';

export class MemoryInsightsStore implements InsightsStore {
  private readonly entries = new Map<string, EntryDay>();
  private readonly days = new Map<string, DayCounts>();
  private readonly voters = new Map<string, string>();
  private readonly unanswered = new Map<string, { day: string; text: string; times: number }>();

  private entryDay(day: string, entry: string): EntryDay {
    const key = `${day}\u0000${entry}`;
    let row = this.entries.get(key);
    if (!row) {
      row = { day, entry, asked: 0, helpful: 0, unhelpful: 0 };
      this.entries.set(key, row);
    }
    return row;
  }

  async countReply(day: string, tally: ReplyTally): Promise<void> {
    if (tally.entry !== undefined) this.entryDay(day, tally.entry).asked += 1;
    const row = this.days.get(day) ?? { day, questions: 0, fallbacks: 0, suggestions: 0 };
    row.questions += tally.question ? 1 : 0;
    row.fallbacks += tally.fallback ? 1 : 0;
    row.suggestions += tally.suggested ? 1 : 0;
    this.days.set(day, row);
  }

  async vote(day: string, entry: string, voter: string, helpful: boolean): Promise<boolean> {
    const key = `${day}\u0000${voter}`;
    if (this.voters.has(key)) return false;
    this.voters.set(key, day);
    const row = this.entryDay(day, entry);
    if (helpful) row.helpful += 1;
    else row.unhelpful += 1;
    return true;
  }

  async keepUnanswered(day: string, text: string): Promise<void> {
    const key = `${day}\u0000${text}`;
    const row = this.unanswered.get(key) ?? { day, text, times: 0 };
    row.times += 1;
    this.unanswered.set(key, row);
  }

  async sweep(today: string, keepFrom: string): Promise<void> {
    for (const [key, day] of this.voters) if (day < today) this.voters.delete(key);
    for (const [key, row] of this.unanswered) if (row.day < keepFrom) this.unanswered.delete(key);
  }

  async read(range: ReadRange): Promise<InsightsData> {
    const inRange = (day: string) => day >= range.from && day <= range.to;
    const times = new Map<string, number>();
    for (const row of this.unanswered.values())
      if (inRange(row.day)) times.set(row.text, (times.get(row.text) ?? 0) + row.times);
    return {
      entries: [...this.entries.values()].filter((r) => inRange(r.day)).map((r) => ({ ...r })),
      days: [...this.days.values()].filter((r) => inRange(r.day)).map((r) => ({ ...r })),
      unanswered: [...times]
        .filter(([, n]) => n >= range.minUnanswered)
        .map(([text, n]) => ({ text, times: n }))
        .sort((a, b) => b.times - a.times || a.text.localeCompare(b.text)),
    };
  }

  async close(): Promise<void> {}
}
