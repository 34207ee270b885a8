// The InsightsStore contract (src/insights/store.ts), run over every store: memory, SQLite, Postgres.
//
//   insightsContract('sqlite', async () => {
//     const store = openSqliteInsights(file);
//     return { store, close: () => store.close(), reopen: () => openSqliteInsights(file) };
//   });
//
// Each check gets a freshly opened, empty store and uses only the port's methods.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InsightsStore, ReplyTally } from '../../../src/insights/index.js';

export interface InsightsUnderTest {
  store: InsightsStore;
  close(): Promise<void>;
  /** Another handle on the same data (a second process, or a restart); absent for memory. */
  reopen?(): Promise<InsightsStore> | InsightsStore;
}

const answered = (entry: string): ReplyTally => ({
  entry,
  question: true,
  fallback: false,
  suggested: false,
});
const FALLBACK: ReplyTally = { entry: undefined, question: true, fallback: true, suggested: false };
const SUGGESTED: ReplyTally = { entry: undefined, question: true, fallback: false, suggested: true };
const all = { from: '2000-01-01', to: '2999-12-31', minUnanswered: 1 };

export function insightsContract(name: string, open: () => Promise<InsightsUnderTest>): void {
  describe(`the ${name} insights store keeps the InsightsStore contract`, () => {
    let current: InsightsUnderTest | undefined;
    const extra: InsightsStore[] = [];
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await current?.close();
      current = undefined;
    });
    const store = () => {
      if (!current) throw new Error('no store');
      return current.store;
    };
    const peer = async () => {
      if (!current?.reopen) return store();
      const s = await current.reopen();
      extra.push(s);
      return s;
    };

    it('counts answers per entry per day, and questions, fallbacks and suggestions per day', async () => {
      const s = store();
      await s.countReply('2025-10-20', answered('deadline'));
      await s.countReply('2025-10-20', answered('deadline'));
      await s.countReply('2025-10-20', { ...answered('how-to-opt-out'), question: false });
      await s.countReply('2025-10-21', answered('deadline'));
      await s.countReply('2025-10-20', FALLBACK);
      await s.countReply('2025-10-20', SUGGESTED);
      const data = await (await peer()).read(all);
      const sorted = [...data.entries].sort((a, b) =>
        `${a.day}${a.entry}`.localeCompare(`${b.day}${b.entry}`),
      );
      expect(sorted).toEqual([
        { day: '2025-10-20', entry: 'deadline', asked: 2, helpful: 0, unhelpful: 0 },
        { day: '2025-10-20', entry: 'how-to-opt-out', asked: 1, helpful: 0, unhelpful: 0 },
        { day: '2025-10-21', entry: 'deadline', asked: 1, helpful: 0, unhelpful: 0 },
      ]);
      const days = [...data.days].sort((a, b) => a.day.localeCompare(b.day));
      expect(days).toEqual([
        { day: '2025-10-20', questions: 4, fallbacks: 1, suggestions: 1 },
        { day: '2025-10-21', questions: 1, fallbacks: 0, suggestions: 0 },
      ]);
    });

    it('reads only the days asked for', async () => {
      const s = store();
      await s.countReply('2025-10-19', answered('deadline'));
      await s.countReply('2025-10-20', answered('deadline'));
      await s.countReply('2025-10-22', answered('deadline'));
      const data = await s.read({ from: '2025-10-20', to: '2025-10-21', minUnanswered: 1 });
      expect(data.entries.map((e) => e.day)).toEqual(['2025-10-20']);
      expect(data.days.map((d) => d.day)).toEqual(['2025-10-20']);
    });

    it('counts a vote once per voter key and day, whichever handle sees the repeat', async () => {
      const s = store();
      expect(await s.vote('2025-10-20', 'deadline', 'key-a', true)).toBe(true);
      expect(await (await peer()).vote('2025-10-20', 'deadline', 'key-a', false)).toBe(false);
      expect(await s.vote('2025-10-20', 'deadline', 'key-b', false)).toBe(true);
      const [row] = (await s.read(all)).entries;
      expect(row).toEqual({ day: '2025-10-20', entry: 'deadline', asked: 0, helpful: 1, unhelpful: 1 });
    });

    it('counts one of many simultaneous clicks with the same key', async () => {
      const handles = [store(), await peer(), await peer()];
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => handles[i % 3]?.vote('2025-10-20', 'uk', 'same', true)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store().read(all)).entries[0]?.helpful).toBe(1);
    });

    it('a sweep forgets vote keys of past days but keeps their counts', async () => {
      const s = store();
      await s.vote('2025-10-19', 'uk', 'old', true);
      await s.vote('2025-10-20', 'uk', 'today', true);
      await s.sweep('2025-10-20', '2025-09-21');
      // The old key is gone: the store can no longer tell it was used. Today's is still held.
      expect(await s.vote('2025-10-19', 'uk', 'old', true)).toBe(true);
      expect(await s.vote('2025-10-20', 'uk', 'today', true)).toBe(false);
      const helpful = (await s.read(all)).entries.map((e) => [e.day, e.helpful]);
      expect(helpful.sort()).toEqual([
        ['2025-10-19', 2],
        ['2025-10-20', 1],
      ]);
    });

    it('sums unanswered questions over the days read, above a threshold, and sweeps old days', async () => {
      const s = store();
      for (const day of ['2025-09-01', '2025-10-19', '2025-10-20', '2025-10-20'])
        await s.keepUnanswered(day, 'can my cat opt out');
      await s.keepUnanswered('2025-10-20', 'rare question');
      const range = { from: '2025-01-01', to: '2025-10-20', minUnanswered: 3 };
      expect((await s.read(range)).unanswered).toEqual([{ text: 'can my cat opt out', times: 4 }]);
      expect((await s.read({ ...range, minUnanswered: 1 })).unanswered).toEqual([
        { text: 'can my cat opt out', times: 4 },
        { text: 'rare question', times: 1 },
      ]);
      await s.sweep('2025-10-20', '2025-09-21');
      expect((await (await peer()).read(range)).unanswered).toEqual([
        { text: 'can my cat opt out', times: 3 },
      ]);
    });
  });
}
