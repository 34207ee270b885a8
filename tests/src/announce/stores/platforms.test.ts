// The platform is a name the adapter registry owns, not a fixed list: both stores keep a subscription for a
// platform announcements have never heard of, list and filter by it, and refuse names that are not short
// lowercase identifiers (a display name or a typo would otherwise become a platform no poster serves).
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type AnnouncementStore,
  MemoryAnnouncementStore,
  openSqliteStore,
  type Target,
} from '../../../../src/announce/index.js';
import { tempDir } from '../../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;
const now = new Date('2025-10-01T00:00:00Z');

const matrix: Target = {
  platform: 'matrix',
  workspaceId: '!space:example.org',
  channelId: '!room:example.org',
};
const irc: Target = { platform: 'irc', workspaceId: 'libera', channelId: '#optout' };

describe.each([
  ['memory', () => new MemoryAnnouncementStore()],
  ['sqlite', () => openSqliteStore(path.join(temp.dir, `platforms-${++n}.sqlite`))],
])('%s store', (_name, open) => {
  let store: AnnouncementStore;
  beforeEach(() => {
    store = open();
    return () => store.close();
  });
  const subscribe = (target: Target) =>
    store.subscribe(
      { ...target, schedule: 'default', timeZone: 'UTC', subscribedBy: '@ana:example.org' },
      now,
    );

  test('stores, finds and lists a subscription for a platform named matrix', async () => {
    const sub = await subscribe(matrix);
    expect(sub).toMatchObject({ ...matrix, state: 'active', subscribedBy: '@ana:example.org' });
    expect(await store.getSubscription(matrix)).toMatchObject({ id: sub.id, platform: 'matrix' });
    await subscribe(irc);
    expect((await store.listSubscriptions()).map((s) => s.platform)).toEqual(['matrix', 'irc']);
    expect(await store.listSubscriptions({ platform: 'matrix' })).toEqual([
      expect.objectContaining({ channelId: '!room:example.org' }),
    ]);
    // The same workspace and channel ids on another platform are another channel.
    expect(await store.getSubscription({ ...matrix, platform: 'irc' })).toBeUndefined();
    expect(await store.unsubscribe(matrix)).toBe(true);
    expect((await store.listSubscriptions()).map((s) => s.platform)).toEqual(['irc']);
  });

  test('orphaned claims are taken over by platform name, whatever the name', async () => {
    const sub = await subscribe(matrix);
    const claim = { subscriptionId: sub.id, occurrenceKey: 'k', scheduledAt: now, now, maxAttempts: 3 };
    expect(await store.claim({ ...claim, owner: 'dead' })).toBe(true);
    const later = new Date(now.getTime() + 60_000);
    expect(await store.takeOverOrphans('alive', later, later, ['irc'])).toEqual([]);
    expect(await store.takeOverOrphans('alive', later, later, ['matrix'])).toEqual([
      expect.objectContaining({ subscriptionId: sub.id, owner: 'alive' }),
    ]);
  });

  test.each(['', 'Matrix', 'my chat', '9lives', 'x'.repeat(33), 'matrix\n'])(
    'refuses the platform name %j and stores nothing',
    async (platform) => {
      await expect(subscribe({ ...matrix, platform })).rejects.toThrow(/short lowercase identifier/);
      expect(await store.listSubscriptions()).toEqual([]);
    },
  );
});
