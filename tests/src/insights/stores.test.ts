// The three insights stores keep one contract: memory, a real SQLite file, the real test PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { MemoryInsightsStore } from '../../../src/insights/index.js';
import { openPostgresInsights } from '../../../src/insights/stores/postgres/store.js';
import { openSqliteInsights } from '../../../src/insights/stores/sqlite/open.js';
import { insightsContract } from '../../support/contracts/insights-contract.js';
import { createDatabase, describePostgres, type TestDatabase } from '../../support/postgres/database.js';

insightsContract('memory', async () => {
  const store = new MemoryInsightsStore();
  return { store, close: () => store.close() };
});

insightsContract('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'insights-'));
  const file = path.join(dir, 'bot.insights.sqlite');
  const store = openSqliteInsights(file);
  return {
    store,
    reopen: () => openSqliteInsights(file),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describePostgres('insights on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('insights');
  });
  afterAll(async () => {
    await db?.drop();
  });
  insightsContract('postgres', async () => {
    const store = await openPostgresInsights(db.url);
    // One database for the suite: each check starts from empty tables.
    for (const table of ['insights_entry_days', 'insights_days', 'insights_votes', 'insights_unanswered'])
      await store.pool.query(`DELETE FROM ${table}`);
    return { store, reopen: () => openPostgresInsights(db.url), close: () => store.close() };
  });
});
