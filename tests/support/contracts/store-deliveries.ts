// Store contract, part 2: claiming a delivery before posting, finishing it, rounds, and races between two
// runners (two handles on the same data when the store has them).
import { expect, test } from 'vitest';
import { at, channel, claim, KEY, type StoreContext, subscribe } from './store-fixtures.js';

export function deliveryChecks(ctx: StoreContext): void {
  test('a claim is recorded as claimed by its owner, with the scheduled time and a first attempt', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    expect(await claim(ctx.store, sub.id, 'A', { now: at(1) })).toBe(true);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toEqual({
      subscriptionId: sub.id,
      occurrenceKey: KEY,
      scheduledAt: at(0),
      state: 'claimed',
      owner: 'A',
      claimedAt: at(1),
      finishedAt: null,
      attempts: 1,
      messageRef: null,
      error: null,
    });
  });

  test('a claim is committed before anything is posted: another handle sees it at once and cannot take it', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    const other = await ctx.peer();
    expect(await claim(ctx.store, sub.id, 'A')).toBe(true);
    expect(await other.getDelivery(sub.id, KEY)).toMatchObject({ state: 'claimed', owner: 'A' });
    expect(await claim(other, sub.id, 'B')).toBe(false);
  });

  test('only the first claim on a delivery wins, and only its owner can finish it', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    expect(await claim(ctx.store, sub.id, 'A')).toBe(true);
    expect(await claim(ctx.store, sub.id, 'B')).toBe(false);
    expect(await ctx.store.finish(sub.id, KEY, 'B', { state: 'posted' }, at(2))).toBe(false);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({ state: 'claimed', owner: 'A' });
    expect(await ctx.store.finish(sub.id, KEY, 'A', { state: 'posted', messageRef: '123.456' }, at(2))).toBe(
      true,
    );
    expect(await claim(ctx.store, sub.id, 'B')).toBe(false);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({
      state: 'posted',
      owner: 'A',
      messageRef: '123.456',
      finishedAt: at(2),
      error: null,
    });
  });

  test('two runners racing for the same 200 deliveries: each is won by exactly one of them', async () => {
    const other = await ctx.peer();
    const subs = [];
    for (let i = 0; i < 200; i++) {
      subs.push(await subscribe(ctx.store, channel(`C${i}`, i % 2 ? 'slack' : 'discord')));
    }
    const race = subs.flatMap((s) =>
      (['A', 'B'] as const).map(async (owner) =>
        (await claim(owner === 'A' ? ctx.store : other, s.id, owner)) ? { id: s.id, owner } : undefined,
      ),
    );
    const winners = (await Promise.all(race)).filter((w) => w !== undefined);
    expect(winners).toHaveLength(200);
    expect(new Set(winners.map((w) => w.id)).size).toBe(200);
    const deliveries = await other.listDeliveries();
    expect(deliveries).toHaveLength(200);
    const owners = new Map(winners.map((w) => [w.id, w.owner]));
    for (const d of deliveries) {
      expect(d).toMatchObject({ state: 'claimed', attempts: 1, owner: owners.get(d.subscriptionId) });
    }
  });

  test('a finished delivery cannot be finished again, not even by its owner', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    await claim(ctx.store, sub.id, 'A');
    expect(await ctx.store.finish(sub.id, KEY, 'A', { state: 'failed', error: 'HTTP 503' }, at(2))).toBe(
      true,
    );
    expect(await ctx.store.finish(sub.id, KEY, 'A', { state: 'posted', messageRef: 'm1' }, at(3))).toBe(
      false,
    );
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({
      state: 'failed',
      error: 'HTTP 503',
      messageRef: null,
      finishedAt: at(2),
    });
  });

  test('finishing a delivery nobody claimed is refused and records nothing', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    expect(await ctx.store.finish(sub.id, KEY, 'A', { state: 'posted' }, at(2))).toBe(false);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toBeUndefined();
    expect(await ctx.store.listDeliveries()).toEqual([]);
  });

  test('a failed round can be claimed again until the rounds run out', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    for (let round = 1; round <= 2; round++) {
      expect(await claim(ctx.store, sub.id, `R${round}`, { now: at(round), maxAttempts: 2 })).toBe(true);
      expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({
        state: 'claimed',
        owner: `R${round}`,
        attempts: round,
        claimedAt: at(round),
      });
      await ctx.store.finish(sub.id, KEY, `R${round}`, { state: 'failed', error: 'HTTP 503' }, at(round));
    }
    expect(await claim(ctx.store, sub.id, 'R3', { now: at(3), maxAttempts: 2 })).toBe(false);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: 'HTTP 503',
    });
  });

  test('a delivery settled as unknown is never claimed again, even with rounds left', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    await claim(ctx.store, sub.id, 'A');
    await ctx.store.finish(sub.id, KEY, 'A', { state: 'unknown', error: 'crashed while posting' }, at(2));
    expect(await claim(ctx.store, sub.id, 'B', { now: at(3), maxAttempts: 10 })).toBe(false);
    expect(await ctx.store.getDelivery(sub.id, KEY)).toMatchObject({ state: 'unknown', owner: 'A' });
  });

  test('deliveries are listed for one subscription, or for all, and each occurrence is its own record', async () => {
    const a = await subscribe(ctx.store, channel('C1'));
    const b = await subscribe(ctx.store, channel('C2'));
    await claim(ctx.store, a.id, 'A', { key: 'start:before-7@2025-10-27T09:00' });
    await claim(ctx.store, a.id, 'A', { key: KEY });
    await claim(ctx.store, b.id, 'A', { key: KEY });
    const keysOf = async (id?: number) =>
      (await ctx.store.listDeliveries(id)).map((d) => `${d.subscriptionId}|${d.occurrenceKey}`).sort();
    expect(await keysOf(a.id)).toEqual([`${a.id}|${KEY}`, `${a.id}|start:before-7@2025-10-27T09:00`].sort());
    expect(await keysOf(b.id)).toEqual([`${b.id}|${KEY}`]);
    expect(await keysOf()).toHaveLength(3);
  });
}
