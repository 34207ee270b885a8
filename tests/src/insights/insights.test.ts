// Counting through createInsights with a manual clock, on a real SQLite file: what a reply adds, one vote
// per person per answer per day, the unanswered opt-in (off stores nothing, on keeps scrubbed words,
// shown from 3 asks, gone after 30 days) and the report's worst-first order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.js';
import {
  buildReport,
  createInsights,
  type Insights,
  type InsightsStore,
  MemoryInsightsStore,
  type VoteEvent,
} from '../../../src/insights/index.js';
import { openSqliteInsights } from '../../../src/insights/stores/sqlite/open.js';

const DAY = 86_400_000;
const vote = (over: Partial<VoteEvent> = {}): VoteEvent => ({
  platform: 'chat',
  user: 'U-ALICE-42',
  token: 'AAAAAAAAAAA',
  entry: 'deadline',
  helpful: true,
  ...over,
});
const unanswered = (question: string) => ({ status: 'fallback' as const, entry: undefined, question });

let dir: string;
let file: string;
let store: InsightsStore;
let clock: ManualClock;
const open: Insights[] = [];
const start = (opts: { unanswered: boolean }) => {
  const insights = createInsights({ store, clock, secret: 'test-secret-0123456789', ...opts });
  open.push(insights);
  return insights;
};
/** Every cell of every insights table, as text. */
function cells(): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    return tables.flatMap(({ name }) =>
      (db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>).flatMap((row) =>
        Object.values(row).map(String),
      ),
    );
  } finally {
    db.close();
  }
}
const rows = (table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table}`).all();
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'insights-'));
  file = path.join(dir, 'bot.insights.sqlite');
  store = openSqliteInsights(file);
  clock = new ManualClock('2025-10-20T09:00:00Z');
});
afterEach(async () => {
  for (const i of open.splice(0)) await i.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('counting replies', () => {
  it('an answer counts for its entry and day; a fallback and a "did you mean" count for the day', async () => {
    const insights = start({ unanswered: false });
    await insights.replied({ status: 'answered', entry: 'deadline', question: 'when does it start' });
    await insights.replied({ status: 'answered', entry: 'deadline', question: undefined });
    await insights.replied(unanswered('what is a zorblax'));
    await insights.replied({ status: 'suggested', entry: undefined, question: 'privacy' });
    const report = await buildReport(store, { today: '2025-10-20', days: 1 });
    expect(report.entries).toEqual([
      { entry: 'deadline', asked: 2, helpful: 0, unhelpful: 0, unhelpfulShare: undefined },
    ]);
    expect(report.days).toEqual([
      {
        day: '2025-10-20',
        questions: 3,
        fallbacks: 1,
        suggestions: 1,
        fallbackRate: 1 / 3,
        suggestRate: 1 / 3,
      },
    ]);
  });
});

describe('votes', () => {
  it('one vote per person per answer: a second click, even the other button, counts nothing', async () => {
    const insights = start({ unanswered: false });
    expect(await insights.vote(vote())).toBe('counted');
    expect(await insights.vote(vote({ helpful: false }))).toBe('repeat');
    // Another person, and the same person on another answer, are counted.
    expect(await insights.vote(vote({ user: 'U-BOB-7', helpful: false }))).toBe('counted');
    expect(await insights.vote(vote({ token: 'BBBBBBBBBBB' }))).toBe('counted');
    const [row] = (await buildReport(store, { today: '2025-10-20', days: 1 })).entries;
    expect(row).toMatchObject({ entry: 'deadline', helpful: 2, unhelpful: 1 });
  });

  it('stores neither the user id nor the token, and forgets the vote keys once the day is over', async () => {
    const insights = start({ unanswered: false });
    await insights.vote(vote());
    const stored = cells().join(' ');
    expect(stored).not.toContain('ALICE');
    expect(stored).not.toContain('AAAAAAAAAAA');
    expect(rows('insights_votes')).toHaveLength(1);
    clock.advance(DAY);
    await insights.replied({ status: 'answered', entry: 'uk', question: undefined });
    expect(rows('insights_votes')).toEqual([]);
  });

  it('a per-process random key still counts a repeat once within the process', async () => {
    const insights = createInsights({ store, clock, secret: new Uint8Array(32).fill(7), unanswered: false });
    open.push(insights);
    expect(await insights.vote(vote())).toBe('counted');
    expect(await insights.vote(vote())).toBe('repeat');
  });
});

describe('unanswered questions (INSIGHTS_UNANSWERED)', () => {
  it('off: nothing at all is stored about an unanswered question', async () => {
    const insights = start({ unanswered: false });
    for (let i = 0; i < 5; i++) await insights.replied(unanswered('can my cat opt out of linkedin'));
    expect(rows('insights_unanswered')).toEqual([]);
    expect(cells().join(' ')).not.toContain('cat');
    expect((await buildReport(store, { today: '2025-10-20', days: 7 })).unanswered).toEqual([]);
  });

  it('on: kept scrubbed (no email, link, number or mention) and shown only from the third ask', async () => {
    const insights = start({ unanswered: true });
    const asked = [
      'Can my CAT opt out? jo.smith@example.com',
      'can my cat opt out <@U12345> https://example.com/x?id=99',
      'Can my cat opt out, 4471-22 @jo www.example.org',
    ];
    await insights.replied(unanswered(asked[0] ?? ''));
    await insights.replied(unanswered(asked[1] ?? ''));
    expect((await buildReport(store, { today: '2025-10-20', days: 7 })).unanswered).toEqual([]);
    await insights.replied(unanswered(asked[2] ?? ''));
    const report = await buildReport(store, { today: '2025-10-20', days: 7 });
    expect(report.unanswered).toEqual([{ text: 'can my cat opt out', times: 3 }]);
    const stored = cells().join(' ');
    for (const gone of ['jo', 'smith', 'example', 'U12345', '4471', '22', '99', 'https', 'www'])
      expect(stored).not.toContain(gone);
    // Answered questions are never kept, even with the opt-in.
    await insights.replied({ status: 'answered', entry: 'uk', question: 'is the uk included' });
    expect(cells().join(' ')).not.toContain('uk included');
  });

  it('on: a question is deleted 30 days after the day it was asked', async () => {
    const insights = start({ unanswered: true });
    for (let i = 0; i < 3; i++) await insights.replied(unanswered('can my cat opt out'));
    clock.set('2025-11-18T23:00:00Z'); // day 30, counting the day it was asked as the first
    await insights.sweep();
    expect(rows('insights_unanswered')).toHaveLength(1);
    expect((await buildReport(store, { today: '2025-11-18', days: 30 })).unanswered).toHaveLength(1);
    clock.set('2025-11-19T00:00:01Z');
    await insights.sweep();
    expect(rows('insights_unanswered')).toEqual([]);
  });

  it('a report does not show a question past its 30 days, even before a sweep removed it', async () => {
    const memory = new MemoryInsightsStore();
    const insights = createInsights({ store: memory, clock, secret: 'k', unanswered: true });
    for (let i = 0; i < 3; i++) await insights.replied(unanswered('can my cat opt out'));
    expect((await buildReport(memory, { today: '2025-11-19', days: 60 })).unanswered).toEqual([]);
    expect((await buildReport(memory, { today: '2025-11-18', days: 60 })).unanswered).toHaveLength(1);
  });
});

describe('the report', () => {
  it('puts the largest unhelpful share first among entries with enough votes, then the rest', async () => {
    const memory = new MemoryInsightsStore();
    const day = '2025-10-20';
    const votes = async (entry: string, up: number, down: number) => {
      for (let i = 0; i < up + down; i++) await memory.vote(day, entry, `${entry}-${i}`, i < up);
    };
    await votes('uk', 3, 1); // 25 %
    await votes('lawsuit', 1, 3); // 75 %
    await votes('europe', 0, 2); // too few votes to rank by share
    await votes('deadline', 2, 2); // 50 %
    for (let i = 0; i < 5; i++)
      await memory.countReply(day, { entry: 'past-data', question: true, fallback: false, suggested: false });
    const report = await buildReport(memory, { today: day, days: 1 });
    expect(report.entries.map((e) => e.entry)).toEqual(['lawsuit', 'deadline', 'uk', 'europe', 'past-data']);
    expect(report.entries[0]?.unhelpfulShare).toBe(0.75);
  });
});
