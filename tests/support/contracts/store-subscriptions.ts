// Store contract, part 1: subscribing, re-subscribing, listing, pausing and unsubscribing channels.
import { expect, test } from 'vitest';
import { at, channel, claim, KEY, type StoreContext, subscribe, T0 } from './store-fixtures.js';

export function subscriptionChecks(ctx: StoreContext): void {
  test('a new subscription is active from the moment it was made and is found by its channel', async () => {
    const sub = await subscribe(ctx.store, channel('C1'), { subscribedBy: 'U7', timeZone: 'Asia/Tokyo' });
    expect(sub).toEqual({
      id: expect.any(Number),
      platform: 'slack',
      workspaceId: 'W1',
      channelId: 'C1',
      schedule: 'default',
      timeZone: 'Asia/Tokyo',
      language: 'en',
      state: 'active',
      pausedReason: null,
      subscribedBy: 'U7',
      subscribedAt: T0,
      updatedAt: T0,
    });
    expect(await ctx.store.getSubscription(channel('C1'))).toEqual(sub);
    expect(await ctx.store.listSubscriptions()).toEqual([sub]);
  });

  test('a subscription keeps the language it was made with, and read back from a second handle too', async () => {
    const german = await subscribe(ctx.store, channel('C1'), { language: 'de' });
    const portuguese = await subscribe(ctx.store, channel('C2', 'discord'), { language: 'pt' });
    const english = await subscribe(ctx.store, channel('C3'));
    expect([german.language, portuguese.language, english.language]).toEqual(['de', 'pt', 'en']);
    const peer = await ctx.peer();
    expect((await peer.getSubscription(channel('C1')))?.language).toBe('de');
    expect((await peer.getSubscription(channel('C2', 'discord')))?.language).toBe('pt');
    expect((await peer.listSubscriptions()).map((s) => [s.channelId, s.language])).toEqual([
      ['C1', 'de'],
      ['C2', 'pt'],
      ['C3', 'en'],
    ]);
  });

  test('subscribing again sets the language it names, keeping the id', async () => {
    const first = await subscribe(ctx.store, channel('C1'), { language: 'fr' });
    const again = await subscribe(ctx.store, channel('C1'), { language: 'pl', now: at(10) });
    expect(again).toMatchObject({ id: first.id, language: 'pl' });
    expect((await ctx.store.getSubscription(channel('C1')))?.language).toBe('pl');
  });

  test('a language that is not a two-letter code is refused and nothing is stored', async () => {
    for (const language of ['German', 'pt-BR', 'DE', '']) {
      await expect(subscribe(ctx.store, channel('C1'), { language })).rejects.toThrow(/two-letter/);
    }
    expect(await ctx.store.listSubscriptions()).toEqual([]);
  });

  test('platform, workspace and channel id together name a channel: each combination is its own subscription', async () => {
    const targets = [channel('C1'), channel('C1', 'slack', 'W2'), channel('C1', 'discord'), channel('C2')];
    const subs = [];
    for (const t of targets) subs.push(await subscribe(ctx.store, t));
    expect(new Set(subs.map((s) => s.id)).size).toBe(4);
    for (const [i, t] of targets.entries()) {
      expect((await ctx.store.getSubscription(t))?.id).toBe(subs[i]?.id);
    }
    expect(await ctx.store.getSubscription(channel('C3'))).toBeUndefined();
    expect(await ctx.store.getSubscription(channel('C1', 'discord', 'W2'))).toBeUndefined();
  });

  test('subscribing again updates the one subscription, re-activates it and counts from the new time', async () => {
    const first = await subscribe(ctx.store, channel('C1'));
    await ctx.store.pause(first.id, 'channel not found', at(5));
    expect((await ctx.store.getSubscription(channel('C1')))?.state).toBe('paused');
    const again = await subscribe(ctx.store, channel('C1'), {
      schedule: 'light',
      timeZone: 'UTC',
      subscribedBy: 'U2',
      now: at(10),
    });
    expect(again).toMatchObject({
      id: first.id,
      schedule: 'light',
      timeZone: 'UTC',
      subscribedBy: 'U2',
      state: 'active',
      pausedReason: null,
    });
    expect(again.subscribedAt).toEqual(at(10));
    expect(again.updatedAt).toEqual(at(10));
    expect(await ctx.store.listSubscriptions()).toHaveLength(1);
  });

  test('subscribing again keeps the delivery history, so an occurrence already posted is not claimed again', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    expect(await claim(ctx.store, sub.id, 'A')).toBe(true);
    expect(await ctx.store.finish(sub.id, KEY, 'A', { state: 'posted', messageRef: 'm1' }, at(2))).toBe(true);
    await subscribe(ctx.store, channel('C1'), { now: at(10) });
    expect(await ctx.store.listDeliveries(sub.id)).toEqual([
      expect.objectContaining({ occurrenceKey: KEY, state: 'posted', messageRef: 'm1' }),
    ]);
    expect(await claim(ctx.store, sub.id, 'B', { now: at(11) })).toBe(false);
  });

  test('a paused subscription keeps its reason and is left out of the active list', async () => {
    const a = await subscribe(ctx.store, channel('C1'));
    await subscribe(ctx.store, channel('C2', 'discord'));
    await ctx.store.pause(a.id, 'the bot may not post here: Missing Access', at(1));
    expect((await ctx.store.listSubscriptions({ state: 'active' })).map((s) => s.channelId)).toEqual(['C2']);
    expect((await ctx.store.listSubscriptions({ platform: 'slack' }))[0]).toMatchObject({
      state: 'paused',
      pausedReason: 'the bot may not post here: Missing Access',
      updatedAt: at(1),
      subscribedAt: T0,
    });
  });

  test('listing by state and platform together returns only the subscriptions matching both', async () => {
    const slackActive = await subscribe(ctx.store, channel('S1'));
    const slackPaused = await subscribe(ctx.store, channel('S2'));
    const discordActive = await subscribe(ctx.store, channel('D1', 'discord'));
    const discordPaused = await subscribe(ctx.store, channel('D2', 'discord'));
    await ctx.store.pause(slackPaused.id, 'gone', at(1));
    await ctx.store.pause(discordPaused.id, 'gone', at(1));
    const ids = async (filter: Parameters<typeof ctx.store.listSubscriptions>[0]) =>
      (await ctx.store.listSubscriptions(filter)).map((s) => s.id).sort((x, y) => x - y);
    expect(await ids({ state: 'active', platform: 'discord' })).toEqual([discordActive.id]);
    expect(await ids({ state: 'paused', platform: 'slack' })).toEqual([slackPaused.id]);
    expect(await ids({ platform: 'slack' })).toEqual([slackActive.id, slackPaused.id].sort((x, y) => x - y));
    expect(await ids({})).toHaveLength(4);
  });

  test('pausing a subscription that does not exist changes nothing', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    await ctx.store.pause(sub.id + 1000, 'gone', at(1));
    expect(await ctx.store.listSubscriptions()).toEqual([sub]);
  });

  test('unsubscribing removes the subscription and its delivery records, and no one else’s', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    const other = await subscribe(ctx.store, channel('C2'));
    await claim(ctx.store, sub.id, 'A');
    await claim(ctx.store, other.id, 'A');
    expect(await ctx.store.unsubscribe(channel('C1'))).toBe(true);
    expect(await ctx.store.unsubscribe(channel('C1'))).toBe(false);
    expect(await ctx.store.getSubscription(channel('C1'))).toBeUndefined();
    expect(await ctx.store.getDelivery(sub.id, KEY)).toBeUndefined();
    expect((await ctx.store.listDeliveries()).map((d) => d.subscriptionId)).toEqual([other.id]);
    expect(await ctx.store.listSubscriptions()).toEqual([other]);
  });

  test('a channel that unsubscribed and subscribes again starts with no history: its occurrence can be claimed', async () => {
    const sub = await subscribe(ctx.store, channel('C1'));
    await claim(ctx.store, sub.id, 'A');
    await ctx.store.finish(sub.id, KEY, 'A', { state: 'posted' }, at(2));
    await ctx.store.unsubscribe(channel('C1'));
    const again = await subscribe(ctx.store, channel('C1'), { now: at(10) });
    expect(again.subscribedAt).toEqual(at(10));
    expect(await ctx.store.listDeliveries(again.id)).toEqual([]);
    expect(await claim(ctx.store, again.id, 'B', { now: at(11) })).toBe(true);
  });

  test('removing a workspace removes its subscriptions and their delivery records, and no other workspace’s', async () => {
    const a = await subscribe(ctx.store, channel('C1', 'slack', 'W1'));
    const b = await subscribe(ctx.store, channel('C2', 'slack', 'W1'));
    const otherWorkspace = await subscribe(ctx.store, channel('C1', 'slack', 'W2'));
    const otherPlatform = await subscribe(ctx.store, channel('C3', 'discord', 'W1'));
    for (const sub of [a, b, otherWorkspace, otherPlatform]) await claim(ctx.store, sub.id, 'A');
    await ctx.store.pause(b.id, 'gone', at(1));
    expect(await ctx.store.removeWorkspace('slack', 'W1')).toBe(2);
    expect(await ctx.store.removeWorkspace('slack', 'W1')).toBe(0);
    expect(await ctx.store.getSubscription(channel('C1', 'slack', 'W1'))).toBeUndefined();
    expect((await ctx.store.listSubscriptions()).map((s) => s.id).sort((x, y) => x - y)).toEqual(
      [otherWorkspace.id, otherPlatform.id].sort((x, y) => x - y),
    );
    expect((await ctx.store.listDeliveries()).map((d) => d.subscriptionId).sort((x, y) => x - y)).toEqual(
      [otherWorkspace.id, otherPlatform.id].sort((x, y) => x - y),
    );
    const again = await subscribe(ctx.store, channel('C1', 'slack', 'W1'), { now: at(10) });
    expect(await claim(ctx.store, again.id, 'B', { now: at(11) })).toBe(true);
  });
}
