// What the store contract checks share: a handle on the store under test, channels, times and short
// forms of subscribe and claim. Written against the AnnouncementStore port only, so any store can use it.
import type { AnnouncementStore, Subscription, Target } from '../../../src/announce/index.js';

export interface StoreContext {
  /** The store opened for the current check. */
  readonly store: AnnouncementStore;
  /**
   * Another handle on the same data, as a second bot process would hold (a second connection to the same
   * file or server). The same store when the implementation has only one handle (in memory).
   */
  peer(): Promise<AnnouncementStore>;
  /** Whose clock judges heartbeats (see StoreUnderTest.clock). */
  readonly clock: 'caller' | 'database';
}

/** The first moment of every check; `at(n)` is n minutes after it. */
export const T0 = new Date('2025-10-01T00:00:00Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** The occurrence most checks claim. */
export const KEY = 'start:day@2025-11-03T09:00';

export function channel(
  channelId: string,
  platform: Target['platform'] = 'slack',
  workspaceId = 'W1',
): Target {
  return { platform, workspaceId, channelId };
}

export function subscribe(
  store: AnnouncementStore,
  target: Target,
  opts: { schedule?: string; timeZone?: string; language?: string; subscribedBy?: string; now?: Date } = {},
): Promise<Subscription> {
  return store.subscribe(
    {
      ...target,
      schedule: opts.schedule ?? 'default',
      timeZone: opts.timeZone ?? 'Europe/Berlin',
      ...(opts.language === undefined ? {} : { language: opts.language }),
      subscribedBy: opts.subscribedBy ?? 'U1',
    },
    opts.now ?? T0,
  );
}

export function claim(
  store: AnnouncementStore,
  subscriptionId: number,
  owner: string,
  opts: { key?: string; now?: Date; maxAttempts?: number } = {},
): Promise<boolean> {
  return store.claim({
    subscriptionId,
    occurrenceKey: opts.key ?? KEY,
    scheduledAt: at(0),
    owner,
    now: opts.now ?? at(1),
    maxAttempts: opts.maxAttempts ?? 3,
  });
}
