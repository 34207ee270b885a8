// Which insights store the bot uses: PostgreSQL when DATABASE_URL is set (hosts share the counts),
// otherwise the SQLite file beside DATABASE_PATH. The Postgres module (and with it `pg`) loads only then.

import type { InsightsStore } from './store.js';
import { insightsPathFor, openSqliteInsights } from './stores/sqlite/open.js';

export interface InsightsStoreConfig {
  databaseUrl: string | undefined;
  databasePath: string;
}

export async function openInsightsStore(config: InsightsStoreConfig): Promise<InsightsStore> {
  if (config.databaseUrl) {
    const { openPostgresInsights } = await import('./stores/postgres/store.js');
    return openPostgresInsights(config.databaseUrl);
  }
  return openSqliteInsights(insightsPathFor(config.databasePath));
}
