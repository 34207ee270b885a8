// Versioned schema for the announcement database. Each entry moves the schema from version i to i+1 (kept
// in SQLite's user_version). Never edit a shipped migration: add the next one. A shipped migration's text
// is also how an existing file at that version is recognised as ours (open.ts compares the exact schema),
// so even its platform list in version 1 stays word for word; version 2 removes it.
//
// Each runs in its own transaction with foreign keys off (see migrate() in open.ts), which is what lets a
// migration rebuild a table that others reference: dropping the old table then neither cascades nor fails.
// The runner refuses a migration that leaves a foreign key broken.

export const migrations: readonly string[] = [
  // 1: subscriptions, one delivery record per (subscription, occurrence), and runner heartbeats.
  `
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    schedule TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
    paused_reason TEXT,
    subscribed_by TEXT NOT NULL,
    subscribed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (platform, workspace_id, channel_id)
  );
  CREATE TABLE deliveries (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    occurrence_key TEXT NOT NULL,
    scheduled_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'unknown')),
    owner TEXT,
    claimed_at INTEGER,
    finished_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    message_ref TEXT,
    error TEXT,
    PRIMARY KEY (subscription_id, occurrence_key)
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_claimed ON deliveries (owner) WHERE state = 'claimed';
  CREATE TABLE runners (
    id TEXT PRIMARY KEY,
    heartbeat_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: subscriptions without the fixed list of platforms: a platform is any name the adapter registry uses
  // (the stores check its shape). SQLite cannot drop a CHECK constraint, so the table is rebuilt the way
  // its documentation describes: create the new table, copy every row with its id (deliveries point at the
  // ids), drop the old one, rename. The UNIQUE index comes back with the table; deliveries and its index
  // are untouched, and its foreign key resolves to the new table by name.
  `
  CREATE TABLE subscriptions_next (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    schedule TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
    paused_reason TEXT,
    subscribed_by TEXT NOT NULL,
    subscribed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (platform, workspace_id, channel_id)
  );
  INSERT INTO subscriptions_next (id, platform, workspace_id, channel_id, schedule, time_zone, state,
                                  paused_reason, subscribed_by, subscribed_at, updated_at)
    SELECT id, platform, workspace_id, channel_id, schedule, time_zone, state,
           paused_reason, subscribed_by, subscribed_at, updated_at
    FROM subscriptions;
  DROP TABLE subscriptions;
  ALTER TABLE subscriptions_next RENAME TO subscriptions;
  `,
  // 3: the language each subscription's announcements are written in. Adding a column keeps every row and
  // its id; rows from before it read 'en', which is what they were being sent in. No list of languages in
  // the schema (the store checks the code's shape), so a new translation needs no migration.
  `
  ALTER TABLE subscriptions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
  `,
];
