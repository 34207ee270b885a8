// `npm run insights` as a curator runs it: the compiled entry point (the global setup builds dist/) reads
// the store the bot writes, here filled through createInsights with a manual clock.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import {
  createInsights,
  type Insights,
  type InsightsStore,
  insightsPathFor,
} from '../../src/insights/index.js';
import { openPostgresInsights } from '../../src/insights/stores/postgres/store.js';
import { openSqliteInsights } from '../../src/insights/stores/sqlite/open.js';
import { createDatabase, describePostgres, type TestDatabase } from '../support/postgres/database.js';

function insightsCli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['dist/app/insights-cli.js', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, DATABASE_URL: '', INSIGHTS_UNANSWERED: '', KNOWLEDGE_DIR: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A few days of a bot's life: answers, votes, fallbacks, suggestions and unanswered questions. */
async function fill(store: InsightsStore): Promise<void> {
  const clock = new ManualClock('2025-10-19T10:00:00Z');
  const insights: Insights = createInsights({ store, clock, secret: 'cli-test-secret', unanswered: true });
  // One answer message per entry: its token is what a person votes on once.
  const tokens: Record<string, string> = {
    uk: 'AAAAAAAAAAA',
    deadline: 'BBBBBBBBBBB',
    europe: 'CCCCCCCCCCC',
  };
  const vote = (entry: string, user: string, helpful: boolean) =>
    insights.vote({ platform: 'chat', user, token: tokens[entry] ?? '', entry, helpful });
  await insights.replied({ status: 'answered', entry: 'deadline', question: 'when' });
  await insights.replied({ status: 'fallback', entry: undefined, question: 'zorblax 1?' });
  clock.set('2025-10-20T10:00:00Z');
  for (let i = 0; i < 4; i++) await insights.replied({ status: 'answered', entry: 'uk', question: 'uk?' });
  for (let i = 0; i < 3; i++)
    await insights.replied({ status: 'fallback', entry: undefined, question: `Can my cat opt out ${i}` });
  await insights.replied({ status: 'suggested', entry: undefined, question: 'privacy' });
  await vote('uk', 'a', false);
  await vote('uk', 'b', false);
  await vote('uk', 'c', true);
  await vote('deadline', 'a', true);
  await vote('deadline', 'b', true);
  await vote('deadline', 'c', true);
  await vote('deadline', 'd', false);
  await vote('europe', 'a', false);
  // Nine days ago: outside `--days 7`.
  clock.set('2025-10-11T10:00:00Z');
  await insights.replied({ status: 'answered', entry: 'lawsuit', question: 'lawsuit?' });
  await insights.close();
}

describe('npm run insights on the SQLite file beside DATABASE_PATH', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'insights-cli-'));
    env = { DATABASE_PATH: path.join(dir, 'bot.sqlite') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints entries worst first, the daily rates and the unanswered questions asked 3 times', async () => {
    await fill(openSqliteInsights(insightsPathFor(env.DATABASE_PATH ?? '')));
    const r = insightsCli(['--days', '7', '--now', '2025-10-20'], { ...env, INSIGHTS_UNANSWERED: 'on' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Insights 2025-10-14 to 2025-10-20 \(UTC days\)$/m);
    const entries = r.out.match(/^(uk|deadline|europe|lawsuit) .*$/gm) ?? [];
    // uk: 2 of 3 votes unhelpful; deadline: 1 of 4; europe: one vote, too few to rank by share.
    expect(entries).toEqual([
      expect.stringMatching(/^uk +4 +1 +2 +67%$/),
      expect.stringMatching(/^deadline +1 +3 +1 +25%$/),
      expect.stringMatching(/^europe +0 +0 +1 +-$/),
    ]);
    expect(r.out).toMatch(/^2025-10-19 +2 +1 +50% +0 +0%$/m);
    expect(r.out).toMatch(/^2025-10-20 +8 +3 +38% +1 +13%$/m);
    expect(r.out).toMatch(/^ +3 +can my cat opt out$/m);
    expect(r.out).not.toMatch(/zorblax/);
  });

  it('--days 30 reaches the older entry; off, the unanswered list says it is not kept', async () => {
    await fill(openSqliteInsights(insightsPathFor(env.DATABASE_PATH ?? '')));
    const r = insightsCli(['--days=30', '--now=2025-10-20'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^lawsuit +1 +0 +0 +-$/m);
    expect(r.out).toMatch(/^ +3 +can my cat opt out$/m);
    const none = insightsCli(['--now=2025-12-30'], env);
    expect(none.out).toMatch(/Nothing was counted in these days/);
    expect(none.out).toMatch(/Unanswered questions are not kept \(INSIGHTS_UNANSWERED=on/);
  });

  it('says so when the bot never counted anything, and creates no file', () => {
    const r = insightsCli([], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^No insights yet: .*bot\.insights\.sqlite does not exist/);
    const again = insightsCli([], env);
    expect(again.out).toMatch(/^No insights yet/);
  });

  it('a bad flag is a usage error with exit code 2', () => {
    for (const args of [['--days', '0'], ['--days', 'many'], ['--weeks', '2'], ['--days']]) {
      const r = insightsCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^insights: .*\nUsage: npm run insights/);
    }
  });
});

describePostgres('npm run insights with DATABASE_URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('insights_cli');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads the counts the bot wrote to PostgreSQL', async () => {
    await fill(await openPostgresInsights(db.url));
    const r = insightsCli(['--now', '2025-10-20'], {
      DATABASE_URL: db.url,
      STATE_SECRET: 'x'.repeat(32),
      DATABASE_PATH: '/nonexistent/x.sqlite',
    });
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^uk +4 +1 +2 +67%$/m);
    expect(r.out).toMatch(/^2025-10-20 +8 +3 +38% +1 +13%$/m);
  });
});
