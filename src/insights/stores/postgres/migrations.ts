// The insights schema on PostgreSQL, run by src/storage's migrate() under the scope `insights`. Never edit
// a shipped step: add the next one. Same tables and meaning as the SQLite file; no user id, no message text.
import type { PostgresMigration } from '../../../storage/index.js';

export const postgresInsightsMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'counts, vote keys and unanswered questions',
    sql: `
    CREATE TABLE insights_entry_days (
      day text NOT NULL, entry text NOT NULL,
      asked integer NOT NULL DEFAULT 0, helpful integer NOT NULL DEFAULT 0, unhelpful integer NOT NULL DEFAULT 0,
      PRIMARY KEY (day, entry));
    CREATE TABLE insights_days (
      day text PRIMARY KEY,
      questions integer NOT NULL DEFAULT 0, fallbacks integer NOT NULL DEFAULT 0,
      suggestions integer NOT NULL DEFAULT 0);
    CREATE TABLE insights_votes (day text NOT NULL, voter text NOT NULL, PRIMARY KEY (day, voter));
    CREATE TABLE insights_unanswered (
      day text NOT NULL, text text NOT NULL, times integer NOT NULL DEFAULT 0, PRIMARY KEY (day, text));
    `,
  },
];
