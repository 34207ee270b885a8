import { describe, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  composeWithBot,
  DeliveryRunner,
  formatStatus,
  loadSchedules,
  MemoryAnnouncementStore,
  nextOccurrences,
  parseSubscribeWords,
  resolveSubscribeRequest,
  type Schedule,
  subscriptionStatus,
} from '../../../src/announce/index.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { composeStub, DATES } from '../../support/announce-helpers.js';

const schedules = loadSchedules();

describe('subscribe arguments', () => {
  test('schedule and time zone may come in either order, zones in any case', () => {
    expect(parseSubscribeWords(['europe/berlin', 'LIGHT'], schedules)).toEqual({
      schedule: 'light',
      timeZone: 'europe/berlin',
    });
    expect(parseSubscribeWords([], schedules)).toEqual({});
  });

  test('a word that is neither a schedule nor a zone is refused with the choices', () => {
    const r = parseSubscribeWords(['weekly'], schedules);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toContain('schedules: default, light');
  });

  test('resolving fills in the default schedule and zone and canonicalises the zone', () => {
    expect(resolveSubscribeRequest(schedules, {})).toEqual({
      ok: true,
      schedule: 'default',
      timeZone: 'UTC',
    });
    expect(resolveSubscribeRequest(schedules, { timeZone: 'america/new_york' }, 'UTC')).toMatchObject({
      timeZone: 'America/New_York',
    });
    expect(resolveSubscribeRequest(schedules, { schedule: 'nope' })).toMatchObject({ ok: false });
    expect(resolveSubscribeRequest(schedules, { timeZone: 'GMT+2' })).toMatchObject({ ok: false });
  });
});

describe('status', () => {
  test('an active channel shows its schedule, zone and next announcement in local time', async () => {
    const clock = new ManualClock('2025-10-21T12:00:00Z');
    const store = new MemoryAnnouncementStore();
    const runner = new DeliveryRunner({ store, posters: {}, compose: composeStub, clock });
    const scheduler = new AnnouncementScheduler({ store, runner, schedules, dates: DATES, clock });
    const target = { platform: 'discord' as const, workspaceId: 'G1', channelId: 'D1' };
    expect(formatStatus(await subscriptionStatus(store, scheduler, target, clock.now()))).toBe(
      'This channel is not subscribed to announcements.',
    );
    const sub = await store.subscribe(
      { ...target, schedule: 'default', timeZone: 'Europe/Berlin', subscribedBy: 'U1' },
      clock.now(),
    );
    expect(formatStatus(await subscriptionStatus(store, scheduler, target, clock.now()))).toBe(
      'This channel gets the **default** announcements, in Europe/Berlin.\nNext: 7 days before start, Mon, 27 Oct 2025, 09:00 (Europe/Berlin).',
    );
    await store.pause(sub.id, 'the bot may not post here: Missing Access', clock.now());
    expect(formatStatus(await subscriptionStatus(store, scheduler, target, clock.now()))).toContain(
      '**Paused**: the bot may not post here: Missing Access. Subscribe again to resume.',
    );
  });
});

describe('announcement text from the core', () => {
  const knowledge = loadKnowledge();
  const compose = composeWithBot((clock) => createBot({ knowledge, clock }));
  const def = schedules.get('default') as Schedule;

  test.each([
    ['Pacific/Auckland', 'in 3 days', 'tomorrow', 'passed today'],
    ['America/Los_Angeles', 'in 3 days', 'tomorrow', 'passed today'],
  ])('in %s the countdown counts the channel’s calendar days', (zone, threeDays, oneDay, dayOf) => {
    const [, , , three, one, day] = nextOccurrences(def, DATES, zone, new Date('2025-09-01T00:00:00Z'), 6);
    const text = (o: typeof three) => (o ? compose(o, o.at).text : '');
    expect(text(three)).toContain(threeDays);
    expect(text(one)).toContain(oneDay);
    expect(text(day)).toContain(dayOf);
  });
});
