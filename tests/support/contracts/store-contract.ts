// The AnnouncementStore contract (src/announce/store.ts): what every store must do, whatever keeps the
// data. Run it from a store's own test file:
//
//   storeContract('sqlite', () => {
//     const file = path.join(dir, 'x.sqlite');
//     const store = openSqliteStore(file);
//     return { store, close: () => store.close(), connect: () => openSqliteStore(file) };
//   });
//
// Each check gets a freshly opened, empty store. Only the port's methods are used, so a new store (e.g.
// Postgres) needs nothing but `open`.
import { afterEach, beforeEach, describe } from 'vitest';
import type { AnnouncementStore } from '../../../src/announce/index.js';
import { deliveryChecks } from './store-deliveries.js';
import type { StoreContext } from './store-fixtures.js';
import { orphanChecks } from './store-orphans.js';
import { subscriptionChecks } from './store-subscriptions.js';

export interface StoreUnderTest {
  /** An empty store. */
  store: AnnouncementStore;
  /** Release it (and delete what it was kept in, if the test made it). */
  close(): Promise<void>;
  /**
   * Open another handle on the same data, as a second bot process would: claims, races and takeovers are
   * then checked across two handles. Omit it for a store that lives in one process only (memory); those
   * checks then run on the one store. Handles it returns are closed by the suite.
   */
  connect?(): Promise<AnnouncementStore> | AnnouncementStore;
}

export interface StoreTraits {
  /**
   * Whose clock decides whether a runner is alive: `caller` (the `now` passed to heartbeat and
   * takeOverOrphans; the default) or `database` (the server's own clock, so hosts with skewed clocks agree).
   * Checks that need heartbeats at exact chosen moments then run only for `caller`.
   */
  clock?: 'caller' | 'database';
}

export type OpenStore = () => Promise<StoreUnderTest> | StoreUnderTest;

export function storeContract(name: string, open: OpenStore, traits: StoreTraits = {}): void {
  describe(`the ${name} store keeps the AnnouncementStore contract`, () => {
    let current: StoreUnderTest | undefined;
    const peers: AnnouncementStore[] = [];
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      for (const peer of peers.splice(0)) await peer.close();
      await current?.close();
      current = undefined;
    });
    const ctx: StoreContext = {
      clock: traits.clock ?? 'caller',
      get store() {
        if (!current) throw new Error('the store contract used a store outside a check');
        return current.store;
      },
      async peer() {
        if (!current?.connect) return ctx.store;
        const peer = await current.connect();
        peers.push(peer);
        return peer;
      },
    };
    describe('subscriptions', () => subscriptionChecks(ctx));
    describe('claiming and finishing deliveries', () => deliveryChecks(ctx));
    describe('heartbeats and orphaned claims', () => orphanChecks(ctx));
  });
}
