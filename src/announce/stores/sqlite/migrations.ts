// Versioned schema for the announcement database. Each entry moves the schema from version i to i+1 (kept
// in SQLite's user_version). Never edit a shipped migration: add the next one.

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
];
