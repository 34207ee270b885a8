// Installations in a SQLite file (better-sqlite3, WAL), which several bot processes on one machine may
// share. Its own file, not the announcement database (which refuses tables it does not know).
//
// The refresh lock is a lease row, not a held transaction: better-sqlite3 waits for a locked database by
// blocking the event loop, so a second process waiting on a transaction held across the refresh call
// would freeze every handler meanwhile. Taking the lease is one conditional write (a transaction of its
// own); a waiter polls, and a lease its holder did not give back (a crash) lapses after LEASE_MS.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { type InstallationBackend, KeyedMutex } from './backend.js';
import {
  InstallationError,
  type InstallationKey,
  type InstallationRecord,
  installationKey,
  storedInstallation,
} from './record.js';

/** Longer than a refresh call may take (its timeout), so a live holder never loses its lease. */
export const LEASE_MS = 30_000;
const POLL_MS = 50;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS slack_installations (
    key TEXT PRIMARY KEY, installation TEXT NOT NULL, installer_hash TEXT NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS slack_org_teams (team_id TEXT PRIMARY KEY, enterprise_key TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS slack_refresh_locks (
    key TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);`;

const recordRow = z.object({ key: z.string(), installation: z.string(), installer_hash: z.string() });

export function openSqliteInstallations(file: string): SqliteInstallationBackend {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Removed tokens are overwritten on disk, not only unlinked from the tree.
    db.pragma('secure_delete = ON');
    // Writes here are single rows: a short wait for another process's write is enough.
    db.pragma('busy_timeout = 2000');
    db.exec(SCHEMA);
    return new SqliteInstallationBackend(db);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InstallationError(
      'slack_installation_store_unusable',
      `Cannot use the Slack installation store SLACK_INSTALLATION_STORE=${file}: ${reason}`,
      { cause: err },
    );
  }
}

export class SqliteInstallationBackend implements InstallationBackend {
  readonly #db: Database.Database;
  readonly #mutex = new KeyedMutex();
  readonly #holder = `${process.pid}:${randomUUID()}`;
  readonly #q;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#q = {
      save: db.prepare(`INSERT INTO slack_installations (key, installation, installer_hash, updated_at)
        VALUES (@key, @installation, @installerHash, @now)
        ON CONFLICT (key) DO UPDATE SET installation = excluded.installation,
          installer_hash = excluded.installer_hash, updated_at = excluded.updated_at`),
      find: db.prepare('SELECT key, installation, installer_hash FROM slack_installations WHERE key = ?'),
      remove: db.prepare('DELETE FROM slack_installations WHERE key = ?'),
      forgetTeams: db.prepare('DELETE FROM slack_org_teams WHERE enterprise_key = ?'),
      remember: db.prepare(`INSERT INTO slack_org_teams (team_id, enterprise_key) VALUES (?, ?)
        ON CONFLICT (team_id) DO UPDATE SET enterprise_key = excluded.enterprise_key`),
      enterpriseOf: db.prepare('SELECT enterprise_key FROM slack_org_teams WHERE team_id = ?'),
      teamsOf: db.prepare('SELECT team_id FROM slack_org_teams WHERE enterprise_key = ? ORDER BY team_id'),
      lease:
        db.prepare(`INSERT INTO slack_refresh_locks (key, holder, expires_at) VALUES (@key, @holder, @until)
        ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE slack_refresh_locks.expires_at < @now`),
      unlease: db.prepare('DELETE FROM slack_refresh_locks WHERE key = ? AND holder = ?'),
    };
  }

  async save(record: InstallationRecord): Promise<void> {
    this.#q.save.run({
      key: record.key,
      installation: JSON.stringify(record.installation),
      installerHash: record.installerHash,
      now: Date.now(),
    });
  }

  async find(key: InstallationKey): Promise<InstallationRecord | undefined> {
    const row = recordRow.optional().parse(this.#q.find.get(key));
    if (!row) return undefined;
    return {
      key: installationKey.parse(row.key),
      installation: storedInstallation.parse(JSON.parse(row.installation)),
      installerHash: row.installer_hash,
    };
  }

  async remove(key: InstallationKey): Promise<boolean> {
    const removed = this.#db.transaction(() => {
      this.#q.forgetTeams.run(key);
      return this.#q.remove.run(key).changes > 0;
    })();
    // The removed tokens' pages may still sit in the WAL until a checkpoint.
    if (removed) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  async rememberTeam(teamId: string, enterprise: InstallationKey): Promise<void> {
    this.#q.remember.run(teamId, enterprise);
  }

  async enterpriseOf(teamId: string): Promise<InstallationKey | undefined> {
    const row = z
      .object({ enterprise_key: installationKey })
      .optional()
      .parse(this.#q.enterpriseOf.get(teamId));
    return row?.enterprise_key;
  }

  async teamsOf(enterprise: InstallationKey): Promise<string[]> {
    return z
      .object({ team_id: z.string() })
      .array()
      .parse(this.#q.teamsOf.all(enterprise))
      .map((r) => r.team_id);
  }

  withLock<T>(key: InstallationKey, use: () => Promise<T>): Promise<T> {
    // The mutex keeps this process's callers in line; the lease excludes the other processes.
    return this.#mutex.run(key, async () => {
      await this.#takeLease(key);
      try {
        return await use();
      } finally {
        this.#q.unlease.run(key, this.#holder);
      }
    });
  }

  async #takeLease(key: InstallationKey): Promise<void> {
    const giveUpAt = Date.now() + LEASE_MS + POLL_MS;
    for (;;) {
      const now = Date.now();
      if (this.#q.lease.run({ key, holder: this.#holder, until: now + LEASE_MS, now }).changes > 0) return;
      if (now > giveUpAt) {
        throw new InstallationError(
          'slack_installation_lock_timeout',
          'Waited too long for a token refresh lock',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
