// Which insights store the bot uses: PostgreSQL when DATABASE_URL is set (hosts share the counts),
// otherwise the SQLite file beside DATABASE_PATH. Each store's module (and its driver, `pg` or
// better-sqlite3) loads only when opened, so the adapters' kit and `npm run ask` load neither.
import type { InsightsStore } from './store.js';
import { insightsPathFor } from './stores/sqlite/path.js';

export interface InsightsStoreConfig {
  databaseUrl: string | undefined;
  databasePath: string;
}

export async function openInsightsStore(config: InsightsStoreConfig): Promise<InsightsStore> {
  if (config.databaseUrl) {
    const { openPostgresInsights } = await import('./stores/postgres/store.js');
    return openPostgresInsights(config.databaseUrl);
  }
  const { openSqliteInsights } = await import('./stores/sqlite/open.js');
  return openSqliteInsights(insightsPathFor(config.databasePath));
}
