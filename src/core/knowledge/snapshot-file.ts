// Where validated snapshots of the knowledge live and how they are read and written: dist/.cache when
// running compiled (`ask`, `npm start`); from sources (tests, tools) there is none unless a caller names a
// file. Reading is a miss on any failure; writing is best effort (a read-only install always takes the
// full path) and atomic (a crash mid-write leaves the old file or none, never half of one).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder snapshots live in when running compiled, else undefined. */
export function cacheFolder(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (!here.includes(join('dist', 'src'))) return undefined;
  return resolve(here, '../../../.cache');
}

/** A short stable key for a knowledge folder, so two folders never share a snapshot. */
export function folderKey(dir: string): string {
  return createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
}

/** The parsed JSON in `file`, or undefined when it is missing, truncated or garbled (a miss like any other). */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Writes `body` as JSON to `file`, then keeps only the `keep` newest files of the folder whose names match
 * `family` (test runs use many temporary knowledge folders). Never throws.
 */
export function writeSnapshotFile(file: string, body: unknown, family: RegExp, keep: number): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, file);
    const folder = dirname(file);
    const files = readdirSync(folder)
      .filter((f) => family.test(f))
      .map((f) => ({ path: join(folder, f), mtime: statSync(join(folder, f)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of files.slice(keep)) rmSync(old.path, { force: true });
  } catch {
    // Best effort: without a snapshot the next start takes the full path again.
  }
}

/** How one kind of derived data is kept: read back from a parsed file, and what is written for it. */
export interface KeptAs<T> {
  /** The value in a parsed file, or undefined when it is stale, of something else, or malformed. */
  read(raw: unknown): T | undefined;
  /** The JSON body to store for a value. */
  body(value: T): unknown;
  family: RegExp;
  keep: number;
}

/**
 * The value kept in `file` when it is current, else `compute()` (undefined: nothing to keep), stored for
 * next time. Without a file it is always `compute()`.
 */
export function readThrough<T>(
  file: string | undefined,
  kept: KeptAs<T>,
  compute: () => T | undefined,
): T | undefined {
  if (!file) return compute();
  const cached = kept.read(readJson(file));
  if (cached !== undefined) return cached;
  const value = compute();
  if (value !== undefined) writeSnapshotFile(file, kept.body(value), kept.family, kept.keep);
  return value;
}
