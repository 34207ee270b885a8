// Store contract, part 3: heartbeats, when a claim counts as orphaned, and handing orphans to the runner
// that settles them (exactly one runner, when two restart together).
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { at, channel, claim, KEY, type StoreContext, subscribe } from './store-fixtures.js';

export function orphanChecks(ctx: StoreContext): void {
  test('claims of a runner that stopped heartbeating are taken over once; a live runner keeps its claims', async () => {
    const a = await subscribe(ctx.store, channel('C1'));
    const b = await subscribe(ctx.store, channel('C2'));
    // Real moments, a little apart: a store on the database's clock ignores the `now` it is given.
    await ctx.store.heartbeat('dead', new Date());
    await ctx.store.heartbeat('alive', new Date());
    await claim(ctx.store, a.id, 'dead', { now: at(0) });
    await claim(ctx.store, b.id, 'alive', { now: at(0) });
    await sleep(80);
    const staleBefore = new Date();
    await sleep(80);
    await ctx.store.heartbeat('alive', new Date());
    await ctx.store.heartbeat('new', new Date());
    const taken = await ctx.store.takeOverOrphans('new', staleBefore, new Date(), ['slack', 'discord']);
    expect(taken.map((d) => [d.subscriptionId, d.owner, d.claimedAt?.toISOString()])).toEqual([
      [a.id, 'new', at(0).toISOString()],
    ]);
    expect(await ctx.store.takeOverOrphans('other', staleBefore, new Date(), ['slack'])).toEqual([]);
    expect(await ctx.store.finish(a.id, KEY, 'new', { state: 'posted' }, at(12))).toBe(true);
    expect(await ctx.store.getDelivery(b.id, KEY)).toMatchObject({ state: 'claimed', owner: 'alive' });
  });

  test('a runner heard after the cut-off is alive; one heard before it, or never, is not', async () => {
    const subs = [];
    for (const id of ['C1', 'C2', 'C3']) subs.push(await subscribe(ctx.store, channel(id)));
    await ctx.store.heartbeat('late', new Date());
    await sleep(80);
    const cutOff = new Date();
    await sleep(80);
    await ctx.store.heartbeat('on-time', new Date());
    const owners = ['on-time', 'late', 'never-heard'];
    for (const [i, sub] of subs.entries()) await claim(ctx.store, sub.id, owners[i] ?? '', { now: at(0) });
    const taken = await ctx.store.takeOverOrphans('settler', cutOff, new Date(), ['slack']);
    expect(taken.map((d) => d.subscriptionId).sort((x, y) => x - y)).toEqual([subs[1]?.id, subs[2]?.id]);
    expect(await ctx.store.getDelivery(subs[0]?.id ?? 0, KEY)).toMatchObject({ owner: 'on-time' });
  });

  // Exact moments can only be set where the caller's clock is the one that counts.
  test.runIf(ctx.clock === 'caller')(
    'a runner last heard exactly at the cut-off is alive; one heard a moment before it is not',
    async () => {
      const subs = [];
      for (const id of ['C1', 'C2']) subs.push(await subscribe(ctx.store, channel(id)));
      const cutOff = at(5);
      await ctx.store.heartbeat('on-time', cutOff);
      await ctx.store.heartbeat('late', new Date(cutOff.getTime() - 1));
      await claim(ctx.store, subs[0]?.id ?? 0, 'on-time', { now: at(0) });
      await claim(ctx.store, subs[1]?.id ?? 0, 'late', { now: at(0) });
      const taken = await ctx.store.takeOverOrphans('settler', cutOff, at(6), ['slack']);
      expect(taken.map((d) => d.subscriptionId)).toEqual([subs[1]?.id]);
    },
  );

  test('orphans on a platform this process cannot post to are left for another process', async () => {
    const d = await subscribe(ctx.store, channel('D1', 'discord'));
    await claim(ctx.store, d.id, 'dead', { now: at(0) });
    expect(await ctx.store.takeOverOrphans('slack-only', at(5), at(6), ['slack'])).toEqual([]);
    expect(await ctx.store.takeOverOrphans('slack-only', at(5), at(6), [])).toEqual([]);
    const taken = await ctx.store.takeOverOrphans('discord', at(5), at(6), ['discord']);
    expect(taken).toEqual([expect.objectContaining({ subscriptionId: d.id, owner: 'discord' })]);
  });

  test('only unfinished claims are orphans: posted, failed and unknown deliveries are left as they are', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    const outcomes = ['posted', 'failed', 'unknown'] as const;
    for (const state of outcomes) {
      await claim(ctx.store, sub.id, 'dead', { key: state, now: at(0) });
      await ctx.store.finish(sub.id, state, 'dead', { state }, at(0));
    }
    await claim(ctx.store, sub.id, 'dead', { key: KEY, now: at(0) });
    const taken = await ctx.store.takeOverOrphans('settler', at(5), at(6), ['slack']);
    expect(taken.map((d) => d.occurrenceKey)).toEqual([KEY]);
    for (const state of outcomes) {
      expect(await ctx.store.getDelivery(sub.id, state)).toMatchObject({ state, owner: 'dead' });
    }
  });

  test('once its claim is taken over, the dead runner can no longer finish it; the new owner can', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    await claim(ctx.store, sub.id, 'dead', { now: at(0) });
    await ctx.store.takeOverOrphans('settler', at(5), at(6), ['slack']);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({ state: 'claimed', owner: 'settler' });
    expect(await ctx.store.finish(sub.id, KEY, 'dead', { state: 'posted' }, at(7))).toBe(false);
    expect(
      await ctx.store.finish(sub.id, KEY, 'settler', { state: 'unknown', error: 'no answer' }, at(7)),
    ).toBe(true);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({
      state: 'unknown',
      owner: 'settler',
      error: 'no answer',
      attempts: 1,
    });
  });

  test('two runners restarting together take each of 50 orphans exactly once between them', async () => {
    const other = await ctx.peer();
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      const sub = await subscribe(ctx.store, channel(`C${i}`, i % 2 ? 'slack' : 'discord'));
      await claim(ctx.store, sub.id, 'dead', { now: at(0) });
      ids.push(sub.id);
    }
    await ctx.store.heartbeat('X', at(6));
    await other.heartbeat('Y', at(6));
    const [x, y] = await Promise.all([
      ctx.store.takeOverOrphans('X', at(5), at(6), ['slack', 'discord']),
      other.takeOverOrphans('Y', at(5), at(6), ['slack', 'discord']),
    ]);
    const byX = (x ?? []).map((d) => d.subscriptionId);
    const byY = (y ?? []).map((d) => d.subscriptionId);
    expect([...byX, ...byY].sort((p, q) => p - q)).toEqual(ids);
    for (const d of await ctx.store.listDeliveries()) {
      expect(d.owner).toBe(byX.includes(d.subscriptionId) ? 'X' : 'Y');
    }
  });
}
