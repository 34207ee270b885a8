// The identify schedule every host of one bot shares, in PostgreSQL. Discord lets a bot start
// `max_concurrency` sessions per 5 seconds: shard s identifies in bucket s % max_concurrency, one identify
// per bucket per window. One row per (application, bucket) holds the next moment that bucket is free;
// a host reserves the earliest free slot in one atomic statement (the upsert locks the row) and moves the
// row on by a window, then waits for its slot outside any transaction. Reserving (rather than "try, sleep,
// try again") keeps the order first come, first served and needs one round trip per identify. Times are
// the database's clock (clock_timestamp()), so hosts whose clocks disagree still space their identifies.
import { CodedError } from '../../src/core/index.js';
import type { Pool, PostgresMigration } from '../../src/storage/index.js';

export const IDENTIFY_SCOPE = 'discord-identify';

export const identifyMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'identify buckets',
    // No user data: an application id (public), a bucket number and a time.
    sql: `CREATE TABLE discord_identify_buckets (
      application_id text NOT NULL,
      bucket integer NOT NULL CHECK (bucket >= 0),
      next_at timestamptz NOT NULL,
      PRIMARY KEY (application_id, bucket))`,
  },
];

/**
 * Reserve the bucket's next free slot, at least `spacingMs` after the one reserved before it; returns how
 * many milliseconds from now (database time) the slot begins, 0 when the bucket is free already.
 */
export async function reserveSlot(
  pool: Pool,
  applicationId: string,
  bucket: number,
  spacingMs: number,
): Promise<number> {
  const result = await pool.query<{ wait_ms: number }>(
    `WITH now AS (SELECT clock_timestamp() AS t)
     INSERT INTO discord_identify_buckets AS b (application_id, bucket, next_at)
       SELECT $1, $2, now.t + make_interval(secs => $3::float8 / 1000) FROM now
     ON CONFLICT (application_id, bucket) DO UPDATE
       SET next_at = GREATEST(b.next_at, (SELECT t FROM now)) + make_interval(secs => $3::float8 / 1000)
     RETURNING GREATEST(0, EXTRACT(EPOCH FROM (b.next_at - (SELECT t FROM now))) * 1000 - $3::float8)::float8
       AS wait_ms`,
    [applicationId, bucket, spacingMs],
  );
  const row = result.rows[0];
  if (!row) throw new CodedError('database_unusable', 'The identify reservation returned no row');
  return row.wait_ms;
}
