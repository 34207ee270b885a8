// An in-memory AnnouncementStore with the same semantics as the SQLite one: for tests, previews and runs
// without a database. One process only; its promises resolve synchronously-ish, like a local database.
import type {
  AnnouncementStore,
  ClaimRequest,
  Delivery,
  FinishOutcome,
  SubscriptionFilter,
} from '../../store.js';
import { checkedLanguage, checkPlatformName, sameTarget } from '../../store.js';
import type { NewSubscription, Platform, Subscription, Target } from '../../types.js';

const deliveryId = (subscriptionId: number, key: string) => `${subscriptionId}\u0000${key}`;

export class MemoryAnnouncementStore implements AnnouncementStore {
  #nextId = 1;
  readonly #subs = new Map<number, Subscription>();
  readonly #deliveries = new Map<string, Delivery>();
  readonly #heartbeats = new Map<string, number>();

  async subscribe(input: NewSubscription, now: Date): Promise<Subscription> {
    // Any platform the adapters register, checked for shape exactly as the SQLite store does.
    checkPlatformName(input.platform);
    const language = checkedLanguage(input.language);
    const existing = [...this.#subs.values()].find((s) => sameTarget(s, input));
    const sub: Subscription = {
      id: existing?.id ?? this.#nextId++,
      platform: input.platform,
      workspaceId: input.workspaceId,
      channelId: input.channelId,
      schedule: input.schedule,
      timeZone: input.timeZone,
      language,
      subscribedBy: input.subscribedBy,
      state: 'active',
      pausedReason: null,
      subscribedAt: now,
      updatedAt: now,
    };
    this.#subs.set(sub.id, sub);
    return { ...sub };
  }

  async unsubscribe(target: Target): Promise<boolean> {
    const sub = [...this.#subs.values()].find((s) => sameTarget(s, target));
    if (!sub) return false;
    this.#subs.delete(sub.id);
    for (const [k, d] of this.#deliveries) if (d.subscriptionId === sub.id) this.#deliveries.delete(k);
    return true;
  }

  async removeWorkspace(platform: Platform, workspaceId: string): Promise<number> {
    const gone = [...this.#subs.values()].filter(
      (s) => s.platform === platform && s.workspaceId === workspaceId,
    );
    for (const sub of gone) await this.unsubscribe(sub);
    return gone.length;
  }

  async getSubscription(target: Target): Promise<Subscription | undefined> {
    const sub = [...this.#subs.values()].find((s) => sameTarget(s, target));
    return sub && { ...sub };
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    return [...this.#subs.values()]
      .filter(
        (s) =>
          (!filter.state || s.state === filter.state) && (!filter.platform || s.platform === filter.platform),
      )
      .sort((a, b) => a.id - b.id)
      .map((s) => ({ ...s }));
  }

  async pause(subscriptionId: number, reason: string, now: Date): Promise<void> {
    const sub = this.#subs.get(subscriptionId);
    if (sub) Object.assign(sub, { state: 'paused', pausedReason: reason, updatedAt: now });
  }

  async heartbeat(owner: string, now: Date): Promise<void> {
    this.#heartbeats.set(owner, now.getTime());
  }

  async claim(r: ClaimRequest): Promise<boolean> {
    const id = deliveryId(r.subscriptionId, r.occurrenceKey);
    const existing = this.#deliveries.get(id);
    if (existing && !(existing.state === 'failed' && existing.attempts < r.maxAttempts)) return false;
    this.#deliveries.set(id, {
      subscriptionId: r.subscriptionId,
      occurrenceKey: r.occurrenceKey,
      scheduledAt: r.scheduledAt,
      state: 'claimed',
      owner: r.owner,
      claimedAt: r.now,
      finishedAt: null,
      attempts: (existing?.attempts ?? 0) + 1,
      messageRef: null,
      error: null,
    });
    return true;
  }

  async finish(
    subscriptionId: number,
    occurrenceKey: string,
    owner: string,
    outcome: FinishOutcome,
    now: Date,
  ): Promise<boolean> {
    const d = this.#deliveries.get(deliveryId(subscriptionId, occurrenceKey));
    if (d?.state !== 'claimed' || d.owner !== owner) return false;
    Object.assign(d, {
      state: outcome.state,
      finishedAt: now,
      messageRef: outcome.messageRef ?? null,
      error: outcome.error ?? null,
    });
    return true;
  }

  async takeOverOrphans(
    owner: string,
    staleBefore: Date,
    now: Date,
    platforms: readonly Platform[],
  ): Promise<Delivery[]> {
    const taken: Delivery[] = [];
    for (const d of this.#deliveries.values()) {
      if (d.state !== 'claimed' || d.owner === owner) continue;
      const platform = this.#subs.get(d.subscriptionId)?.platform;
      if (!platform || !platforms.includes(platform)) continue;
      const beat = d.owner ? this.#heartbeats.get(d.owner) : undefined;
      if (beat !== undefined && beat >= staleBefore.getTime()) continue;
      taken.push({ ...d, owner });
      Object.assign(d, { owner, claimedAt: now });
    }
    return taken;
  }

  async getDelivery(subscriptionId: number, occurrenceKey: string): Promise<Delivery | undefined> {
    const d = this.#deliveries.get(deliveryId(subscriptionId, occurrenceKey));
    return d && { ...d };
  }

  async listDeliveries(subscriptionId?: number): Promise<Delivery[]> {
    return [...this.#deliveries.values()]
      .filter((d) => subscriptionId === undefined || d.subscriptionId === subscriptionId)
      .sort(
        (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.subscriptionId - b.subscriptionId,
      )
      .map((d) => ({ ...d }));
  }

  async close(): Promise<void> {}
}
