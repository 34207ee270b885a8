// The insights store on PostgreSQL (DATABASE_URL), for several hosts sharing one set of counts. Every
// write is one upsert (or two in one transaction), so concurrent hosts never lose a count.
import { migrate, openPostgres, type Pool, transaction } from '../../../storage/index.js';
import type { InsightsData, InsightsStore, ReadRange, ReplyTally } from '../../store.js';
import { dayRow, entryRow, unansweredRow } from '../rows.js';
import { postgresInsightsMigrations } from './migrations.js';

export class PostgresInsightsStore implements InsightsStore {
  constructor(readonly pool: Pool) {}

  async countReply(day: string, tally: ReplyTally): Promise<void> {
    if (tally.entry !== undefined) {
      await this.pool.query(
        `INSERT INTO insights_entry_days (day, entry, asked) VALUES ($1, $2, 1)
         ON CONFLICT (day, entry) DO UPDATE SET asked = insights_entry_days.asked + 1`,
        [day, tally.entry],
      );
    }
    await this.pool.query(
      `INSERT INTO insights_days (day, questions, fallbacks, suggestions) VALUES ($1, $2, $3, $4)
       ON CONFLICT (day) DO UPDATE SET questions = insights_days.questions + excluded.questions,
         fallbacks = insights_days.fallbacks + excluded.fallbacks,
         suggestions = insights_days.suggestions + excluded.suggestions`,
      [day, Number(tally.question), Number(tally.fallback), Number(tally.suggested)],
    );
  }

  async vote(day: string, entry: string, voter: string, helpful: boolean): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      const key = await client.query(
        'INSERT INTO insights_votes (day, voter) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [day, voter],
      );
      if (key.rowCount === 0) return false;
      await client.query(
        `INSERT INTO insights_entry_days (day, entry, helpful, unhelpful) VALUES ($1, $2, $3, $4)
         ON CONFLICT (day, entry) DO UPDATE SET helpful = insights_entry_days.helpful + excluded.helpful,
           unhelpful = insights_entry_days.unhelpful + excluded.unhelpful`,
        [day, entry, Number(helpful), Number(!helpful)],
      );
      return true;
    });
  }

  async keepUnanswered(day: string, text: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO insights_unanswered (day, text, times) VALUES ($1, $2, 1)
       ON CONFLICT (day, text) DO UPDATE SET times = insights_unanswered.times + 1`,
      [day, text],
    );
  }

  async sweep(today: string, keepFrom: string): Promise<void> {
    await transaction(this.pool, async (client) => {
      await client.query('DELETE FROM insights_votes WHERE day < $1', [today]);
      await client.query('DELETE FROM insights_unanswered WHERE day < $1', [keepFrom]);
    });
  }

  async read(range: ReadRange): Promise<InsightsData> {
    const between = [range.from, range.to];
    const [entries, days, texts] = await Promise.all([
      this.pool.query(
        'SELECT day, entry, asked, helpful, unhelpful FROM insights_entry_days WHERE day BETWEEN $1 AND $2',
        between,
      ),
      this.pool.query(
        'SELECT day, questions, fallbacks, suggestions FROM insights_days WHERE day BETWEEN $1 AND $2',
        between,
      ),
      this.pool.query(
        `SELECT text, SUM(times)::int AS times FROM insights_unanswered WHERE day BETWEEN $1 AND $2
         GROUP BY text HAVING SUM(times) >= $3 ORDER BY times DESC, text`,
        [...between, range.minUnanswered],
      ),
    ]);
    return {
      entries: entryRow.array().parse(entries.rows),
      days: dayRow.array().parse(days.rows),
      unanswered: unansweredRow.array().parse(texts.rows),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export async function openPostgresInsights(url: string): Promise<PostgresInsightsStore> {
  const pool = await openPostgres(url, { applicationName: 'optout-bot insights', max: 3 });
  try {
    await migrate(pool, 'insights', postgresInsightsMigrations);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new PostgresInsightsStore(pool);
}
