// removeWorkspace (an app uninstalled from a workspace): that workspace's subscriptions and their delivery
// records go, on that platform only; other workspaces and platforms keep theirs. Over memory and a real
// SQLite file. (The other store checks are the shared contract in tests/support/contracts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnnouncementStore,
  MemoryAnnouncementStore,
  openSqliteStore,
} from '../../../../src/announce/index.js';
import { at, channel, KEY, subscribe } from '../../../support/contracts/store-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const stores: Array<[string, () => AnnouncementStore]> = [
  ['memory', () => new MemoryAnnouncementStore()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'remove-ws-'));
      dirs.push(dir);
      return openSqliteStore(path.join(dir, 'announce.sqlite'));
    },
  ],
];

describe.each(stores)('removeWorkspace on the %s store', (_name, open) => {
  it('removes the workspace’s subscriptions and deliveries, and nothing else', async () => {
    const store = open();
    try {
      const a = await subscribe(store, channel('C1', 'slack', 'W1'));
      await subscribe(store, channel('C2', 'slack', 'W1'));
      const other = await subscribe(store, channel('C3', 'slack', 'W2'));
      const elsewhere = await subscribe(store, channel('C4', 'discord', 'W1'));
      for (const sub of [a, other]) {
        await store.claim({
          subscriptionId: sub.id,
          occurrenceKey: KEY,
          scheduledAt: at(0),
          owner: 'r1',
          now: at(0),
          maxAttempts: 3,
        });
      }
      expect(await store.removeWorkspace('slack', 'W1')).toBe(2);
      const left = await store.listSubscriptions();
      expect(left.map((s) => s.channelId).sort()).toEqual(['C3', 'C4']);
      expect(await store.listDeliveries(a.id)).toEqual([]);
      expect(await store.listDeliveries(other.id)).toHaveLength(1);
      expect(elsewhere.platform).toBe('discord');
      expect(await store.removeWorkspace('slack', 'W1')).toBe(0);
    } finally {
      await store.close();
    }
  });
});
