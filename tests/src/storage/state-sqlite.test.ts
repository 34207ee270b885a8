// The SQLite state store on real files: the shared-state contract over two connections to one file (as two
// processes of one host have), and a file from a newer bot refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/core/index.js';
import { openSqliteState } from '../../../src/storage/index.js';
import { stateContract } from '../../support/contracts/state-contract.js';

const dir = mkdtempSync(path.join(tmpdir(), 'optout-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const keyRows = z.array(z.object({ key: z.string() }));

stateContract({
  name: 'sqlite',
  shortMs: 1_000,
  sweepEvery: 500,
  async open() {
    const file = path.join(dir, `state-${n++}.sqlite`);
    // Both handles expire by the same clock, as processes on one host share the system clock.
    const clock = new ManualClock(0);
    const a = await openSqliteState(file, { clock });
    const b = await openSqliteState(file, { clock });
    const reader = new Database(file, { readonly: true });
    return {
      a,
      b,
      advance: async (ms) => clock.advance(ms),
      size: () => a.size(),
      sweep: () => b.sweep(),
      keys: async () =>
        keyRows.parse(reader.prepare('SELECT key FROM shared_state').all()).map((row) => row.key),
      async close() {
        reader.close();
        await a.close();
        await b.close();
      },
    };
  },
});

describe('openSqliteState', () => {
  it('refuses a file whose schema is newer than this bot, with a code, and leaves it alone', async () => {
    const file = path.join(dir, 'newer.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 7');
    db.close();
    await expect(openSqliteState(file)).rejects.toMatchObject({
      code: 'database_unusable',
      message: expect.stringContaining('version 7'),
    });
    const again = new Database(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(7);
    again.close();
  });

  it('a folder where the file should be is a coded error naming the path', async () => {
    await expect(openSqliteState(dir)).rejects.toMatchObject({
      code: 'database_unusable',
      message: expect.stringContaining(dir),
    });
  });
});
