import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type AnnouncementStore,
  MemoryAnnouncementStore,
  openSqliteStore,
  type Target,
} from '../../../src/announce/index.js';
import { tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());
let n = 0;

const channel = (id: string, platform: 'slack' | 'discord' = 'slack'): Target => ({
  platform,
  workspaceId: platform === 'slack' ? 'T1' : '100000000000000001',
  channelId: id,
});
const t0 = new Date('2025-10-01T00:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const claim = (
  store: AnnouncementStore,
  subscriptionId: number,
  owner: string,
  now = at(1),
  maxAttempts = 3,
) => store.claim({ subscriptionId, occurrenceKey: 'k1', scheduledAt: at(0), owner, now, maxAttempts });

describe.each([
  ['memory', () => new MemoryAnnouncementStore()],
  ['sqlite', () => openSqliteStore(path.join(temp.dir, `store-${++n}.sqlite`))],
])('%s store', (_name, open) => {
  let store: AnnouncementStore;
  beforeEach(async () => {
    store = open();
    return () => store.close();
  });
  const subscribe = (target: Target, schedule = 'default') =>
    store.subscribe({ ...target, schedule, timeZone: 'Europe/Berlin', subscribedBy: 'U1' }, t0);

  test('subscribing again updates the one subscription, re-activates it and counts from the new time', async () => {
    const first = await subscribe(channel('C1'));
    await store.pause(first.id, 'channel not found', at(5));
    expect((await store.getSubscription(channel('C1')))?.state).toBe('paused');
    const again = await store.subscribe(
      { ...channel('C1'), schedule: 'light', timeZone: 'UTC', subscribedBy: 'U2' },
      at(10),
    );
    expect(again).toMatchObject({
      id: first.id,
      schedule: 'light',
      timeZone: 'UTC',
      state: 'active',
      pausedReason: null,
    });
    expect(again.subscribedAt).toEqual(at(10));
    expect(await store.listSubscriptions()).toHaveLength(1);
  });

  test('a paused subscription keeps its reason and is left out of the active list', async () => {
    const a = await subscribe(channel('C1'));
    await subscribe(channel('C2', 'discord'));
    await store.pause(a.id, 'the bot may not post here: Missing Access', at(1));
    expect((await store.listSubscriptions({ state: 'active' })).map((s) => s.channelId)).toEqual(['C2']);
    expect((await store.listSubscriptions({ platform: 'slack' }))[0]).toMatchObject({
      state: 'paused',
      pausedReason: 'the bot may not post here: Missing Access',
    });
  });

  test('only the first claim on a delivery wins, and only its owner can finish it', async () => {
    const sub = await subscribe(channel('C1'));
    expect(await claim(store, sub.id, 'A')).toBe(true);
    expect(await claim(store, sub.id, 'B')).toBe(false);
    expect(await store.finish(sub.id, 'k1', 'B', { state: 'posted' }, at(2))).toBe(false);
    expect(await store.finish(sub.id, 'k1', 'A', { state: 'posted', messageRef: '123.456' }, at(2))).toBe(
      true,
    );
    expect(await claim(store, sub.id, 'B')).toBe(false);
    expect(await store.getDelivery(sub.id, 'k1')).toMatchObject({
      state: 'posted',
      owner: 'A',
      messageRef: '123.456',
    });
  });

  test('a failed round can be claimed again until the rounds run out', async () => {
    const sub = await subscribe(channel('C1'));
    for (let round = 1; round <= 2; round++) {
      expect(await claim(store, sub.id, `R${round}`, at(round), 2)).toBe(true);
      await store.finish(sub.id, 'k1', `R${round}`, { state: 'failed', error: 'HTTP 503' }, at(round));
    }
    expect(await claim(store, sub.id, 'R3', at(3), 2)).toBe(false);
    expect(await store.getDelivery(sub.id, 'k1')).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: 'HTTP 503',
    });
  });

  test('claims of a runner that stopped heartbeating are taken over once; a live runner keeps its claims', async () => {
    const a = await subscribe(channel('C1'));
    const b = await subscribe(channel('C2'));
    await store.heartbeat('dead', at(0));
    await store.heartbeat('alive', at(0));
    await claim(store, a.id, 'dead', at(0));
    await claim(store, b.id, 'alive', at(0));
    await store.heartbeat('alive', at(10));
    await store.heartbeat('new', at(11));
    const taken = await store.takeOverOrphans('new', at(9), at(11), ['slack', 'discord']);
    expect(taken.map((d) => [d.subscriptionId, d.owner, d.claimedAt?.toISOString()])).toEqual([
      [a.id, 'new', at(0).toISOString()],
    ]);
    expect(await store.takeOverOrphans('other', at(9), at(11), ['slack'])).toEqual([]);
    expect(await store.finish(a.id, 'k1', 'new', { state: 'posted' }, at(12))).toBe(true);
  });

  test('orphans on a platform this process cannot post to are left for another process', async () => {
    const d = await subscribe(channel('D1', 'discord'));
    await claim(store, d.id, 'dead', at(0));
    expect(await store.takeOverOrphans('slack-only', at(5), at(6), ['slack'])).toEqual([]);
    expect(await store.takeOverOrphans('discord', at(5), at(6), ['discord'])).toHaveLength(1);
  });

  test('unsubscribing removes the subscription and its delivery records', async () => {
    const sub = await subscribe(channel('C1'));
    await claim(store, sub.id, 'A');
    expect(await store.unsubscribe(channel('C1'))).toBe(true);
    expect(await store.unsubscribe(channel('C1'))).toBe(false);
    expect(await store.listDeliveries()).toEqual([]);
    expect(await store.getSubscription(channel('C1'))).toBeUndefined();
  });
});
