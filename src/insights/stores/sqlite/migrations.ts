// The insights schema, versioned in the insights file's user_version. Never edit a shipped step: add the
// next one. No column holds a user id or a message's text: votes are keyed hashes kept for one day, and
// the unanswered table (filled only with INSIGHTS_UNANSWERED=on) holds scrubbed words.
export const insightsMigrations: readonly string[] = [
  `
  CREATE TABLE insights_entry_days (
    day TEXT NOT NULL,
    entry TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0,
    helpful INTEGER NOT NULL DEFAULT 0,
    unhelpful INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, entry)
  ) WITHOUT ROWID;
  CREATE TABLE insights_days (
    day TEXT PRIMARY KEY,
    questions INTEGER NOT NULL DEFAULT 0,
    fallbacks INTEGER NOT NULL DEFAULT 0,
    suggestions INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE insights_votes (
    day TEXT NOT NULL,
    voter TEXT NOT NULL,
    PRIMARY KEY (day, voter)
  ) WITHOUT ROWID;
  CREATE TABLE insights_unanswered (
    day TEXT NOT NULL,
    text TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, text)
  ) WITHOUT ROWID;
  `,
];
