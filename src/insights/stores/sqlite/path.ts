// Where the insights file lives: beside the announcement database (see open.ts for why not inside it).
// Its own module, without better-sqlite3, so naming the path loads no database driver.
import path from 'node:path';

/** DATABASE_PATH `data/optout-bot.sqlite` gives `data/optout-bot.insights.sqlite`. */
export function insightsPathFor(databasePath: string): string {
  const parsed = path.parse(databasePath);
  const ext = parsed.ext || '.sqlite';
  return path.join(parsed.dir, `${parsed.name}.insights${ext}`);
}
