// The insights store in an SQLite file beside the announcement database (see open.ts for why beside it).
// better-sqlite3 is synchronous; each call is a few indexed upserts, run after the answer went out.
import type Database from 'better-sqlite3';
import type { InsightsData, InsightsStore, ReadRange, ReplyTally } from '../../store.js';
import { dayRow, entryRow, unansweredRow } from '../rows.js';

export class SqliteInsightsStore implements InsightsStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      asked: db.prepare(
        `INSERT INTO insights_entry_days (day, entry, asked) VALUES (?, ?, 1)
         ON CONFLICT (day, entry) DO UPDATE SET asked = asked + 1`,
      ),
      day: db.prepare(
        `INSERT INTO insights_days (day, questions, fallbacks, suggestions) VALUES (?, ?, ?, ?)
         ON CONFLICT (day) DO UPDATE SET questions = questions + excluded.questions,
           fallbacks = fallbacks + excluded.fallbacks, suggestions = suggestions + excluded.suggestions`,
      ),
      voter: db.prepare('INSERT INTO insights_votes (day, voter) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      vote: db.prepare(
        `INSERT INTO insights_entry_days (day, entry, helpful, unhelpful) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, entry) DO UPDATE SET helpful = helpful + excluded.helpful,
           unhelpful = unhelpful + excluded.unhelpful`,
      ),
      unanswered: db.prepare(
        `INSERT INTO insights_unanswered (day, text, times) VALUES (?, ?, 1)
         ON CONFLICT (day, text) DO UPDATE SET times = times + 1`,
      ),
      sweepVotes: db.prepare('DELETE FROM insights_votes WHERE day < ?'),
      sweepUnanswered: db.prepare('DELETE FROM insights_unanswered WHERE day < ?'),
      entries: db.prepare(
        'SELECT day, entry, asked, helpful, unhelpful FROM insights_entry_days WHERE day BETWEEN ? AND ?',
      ),
      days: db.prepare(
        'SELECT day, questions, fallbacks, suggestions FROM insights_days WHERE day BETWEEN ? AND ?',
      ),
      texts: db.prepare(
        `SELECT text, SUM(times) AS times FROM insights_unanswered WHERE day BETWEEN ? AND ?
         GROUP BY text HAVING SUM(times) >= ? ORDER BY times DESC, text`,
      ),
    };
  }

  async countReply(day: string, tally: ReplyTally): Promise<void> {
    this.db
      .transaction(() => {
        if (tally.entry !== undefined) this.statements.asked.run(day, tally.entry);
        this.statements.day.run(day, Number(tally.question), Number(tally.fallback), Number(tally.suggested));
      })
      .immediate();
  }

  async vote(day: string, entry: string, voter: string, helpful: boolean): Promise<boolean> {
    return this.db
      .transaction(() => {
        // The key and the count in one transaction: two hosts clicking at once count once.
        if (this.statements.voter.run(day, voter).changes === 0) return false;
        this.statements.vote.run(day, entry, Number(helpful), Number(!helpful));
        return true;
      })
      .immediate();
  }

  async keepUnanswered(day: string, text: string): Promise<void> {
    this.statements.unanswered.run(day, text);
  }

  async sweep(today: string, keepFrom: string): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.sweepVotes.run(today);
        this.statements.sweepUnanswered.run(keepFrom);
      })
      .immediate();
  }

  async read(range: ReadRange): Promise<InsightsData> {
    const { from, to } = range;
    return {
      entries: entryRow.array().parse(this.statements.entries.all(from, to)),
      days: dayRow.array().parse(this.statements.days.all(from, to)),
      unanswered: unansweredRow.array().parse(this.statements.texts.all(from, to, range.minUnanswered)),
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
