// `npm run insights -- [--days N] [--now ISO]`: what was asked and how helpful the answers were, from the
// store the bot writes (PostgreSQL when DATABASE_URL is set, else the insights file beside DATABASE_PATH).
import 'dotenv/config';
import { existsSync } from 'node:fs';
import {
  buildReport,
  dayOf,
  type InsightsStore,
  insightsPathFor,
  openInsightsStore,
} from '../src/insights/index.js';
import { parseNow, UsageError } from './args.js';
import { loadConfig } from './config.js';
import { formatReport } from './insights-table.js';

const USAGE = `Usage: npm run insights -- [--days N] [--now ISO]
  --days N    the last N days, today included (default 7, at most 366)
  --now ISO   count "today" as this day (default: now), e.g. 2025-10-27`;

interface InsightsArgs {
  days: number;
  now: Date;
}

function parseInsightsArgs(argv: readonly string[]): InsightsArgs {
  const args: InsightsArgs = { days: 7, now: new Date() };
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--days') {
      const typed = value();
      args.days = /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
      if (!Number.isInteger(args.days) || args.days < 1 || args.days > 366) {
        throw new UsageError(`--days needs a whole number from 1 to 366, got "${typed}"`);
      }
    } else if (flag === '--now') args.now = parseNow(value());
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument ${flag}`);
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  let args: InsightsArgs;
  try {
    args = parseInsightsArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message ? `insights: ${err.message}\n` : ''}${USAGE}\n`);
    return err.message ? 2 : 0;
  }
  const config = loadConfig();
  // Reading must not create a database: no file yet means nothing was counted yet.
  const file = insightsPathFor(config.databasePath);
  if (!config.databaseUrl && !existsSync(file)) {
    process.stdout.write(`No insights yet: ${file} does not exist (the bot creates it when it starts).\n`);
    return 0;
  }
  const store: InsightsStore = await openInsightsStore(config);
  try {
    const report = await buildReport(store, { today: dayOf(args.now), days: args.days });
    process.stdout.write(formatReport(report, { unansweredOn: config.insights.unanswered }));
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`insights: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
