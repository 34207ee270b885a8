import { describe, expect, test } from 'vitest';
import {
  latestDue,
  loadSchedules,
  nextOccurrences,
  occurrencesBetween,
  type Schedule,
} from '../../../src/announce/index.js';
import { DATES, schedules } from '../../support/announce-helpers.js';

const shipped = loadSchedules();
const def = shipped.get('default') as Schedule;
const at = (o: { at: Date }) => o.at.toISOString();

describe('the default schedule', () => {
  test('in Berlin, the countdown is at 09:00 local on each side of the October DST change', () => {
    const list = nextOccurrences(def, DATES, 'Europe/Berlin', new Date('2025-09-01T00:00:00Z'), 7);
    expect(list.map((o) => [o.local, at(o)])).toEqual([
      ['2025-10-04T09:00', '2025-10-04T07:00:00.000Z'],
      ['2025-10-20T09:00', '2025-10-20T07:00:00.000Z'],
      ['2025-10-27T09:00', '2025-10-27T08:00:00.000Z'], // CET from 26 October
      ['2025-10-31T09:00', '2025-10-31T08:00:00.000Z'],
      ['2025-11-02T09:00', '2025-11-02T08:00:00.000Z'],
      ['2025-11-03T09:00', '2025-11-03T08:00:00.000Z'],
      ['2025-12-01T09:00', '2025-12-01T08:00:00.000Z'], // first Monday of December
    ]);
    expect(list.map((o) => o.kind)).toEqual([
      'before',
      'before',
      'before',
      'before',
      'before',
      'day',
      'after',
    ]);
    expect(list.map((o) => o.daysFromDate)).toEqual([-30, -14, -7, -3, -1, 0, 28]);
  });

  test('the day itself is announced once even though 3 November 2025 is a first Monday', () => {
    const list = occurrencesBetween(
      def,
      DATES,
      'UTC',
      new Date('2025-11-02T12:00:00Z'),
      new Date('2025-11-30T00:00:00Z'),
    );
    expect(list.map((o) => o.key)).toEqual(['start:day@2025-11-03T09:00']);
  });

  test('monthly reminders follow the first Monday through the spring DST change in New York', () => {
    const list = nextOccurrences(def, DATES, 'America/New_York', new Date('2026-02-01T00:00:00Z'), 3);
    expect(list.map((o) => [o.local, at(o)])).toEqual([
      ['2026-02-02T09:00', '2026-02-02T14:00:00.000Z'],
      ['2026-03-02T09:00', '2026-03-02T14:00:00.000Z'],
      ['2026-04-06T09:00', '2026-04-06T13:00:00.000Z'], // EDT from 8 March
    ]);
  });

  test('occurrence keys are the local wall time, so they do not depend on the offset', () => {
    const berlin = nextOccurrences(def, DATES, 'Europe/Berlin', new Date('2025-09-01T00:00:00Z'), 1)[0];
    const tokyo = nextOccurrences(def, DATES, 'Asia/Tokyo', new Date('2025-09-01T00:00:00Z'), 1)[0];
    expect(berlin?.key).toBe('start:before-30@2025-10-04T09:00');
    expect(tokyo?.key).toBe(berlin?.key);
    expect(tokyo?.at.getTime()).not.toBe(berlin?.at.getTime());
  });
});

describe('daylight-saving edges never skip or double an announcement', () => {
  const nightly = schedules({
    default: {
      description: 'x',
      at: '02:30',
      daysBefore: [],
      onTheDay: false,
      after: { cron: '30 2 * * *' },
    },
    hourly: { description: 'x', at: '00:00', onTheDay: false, after: { cron: '0 * * * *' } },
  });
  const dates = { start: new Date('2026-03-01T00:00:00Z') };

  test.each([
    ['Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'],
    ['America/New_York', '2026-03-06T12:00:00Z', '2026-03-10T12:00:00Z'],
  ])('a daily 02:30 reminder in %s fires once on each day around the spring gap', (zone, from, to) => {
    const list = occurrencesBetween(
      nightly.get('default') as Schedule,
      dates,
      zone,
      new Date(from),
      new Date(to),
    );
    expect(list).toHaveLength(4);
    expect(new Set(list.map((o) => o.local.slice(0, 10))).size).toBe(4);
  });

  test('a daily 02:30 reminder fires once on the autumn day when 02:30 happens twice', () => {
    const autumn = { start: new Date('2026-10-01T00:00:00Z') };
    const list = occurrencesBetween(
      nightly.get('default') as Schedule,
      autumn,
      'Europe/Berlin',
      new Date('2026-10-24T12:00:00Z'),
      new Date('2026-10-27T12:00:00Z'),
    );
    expect(list.map((o) => o.local)).toEqual(['2026-10-25T02:30', '2026-10-26T02:30', '2026-10-27T02:30']);
    expect(at(list[0] as { at: Date })).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30 (CEST)
  });

  test('an hourly reminder gives 23 distinct instants on the short day and 25 on the long one', () => {
    const hourly = nightly.get('hourly') as Schedule;
    const spring = occurrencesBetween(
      hourly,
      dates,
      'Europe/Berlin',
      new Date('2026-03-28T23:00:00Z'),
      new Date('2026-03-29T22:00:00Z'),
    );
    expect(spring).toHaveLength(23);
    const autumnDates = { start: new Date('2026-10-01T00:00:00Z') };
    const autumn = occurrencesBetween(
      hourly,
      autumnDates,
      'Europe/Berlin',
      new Date('2026-10-24T22:00:00Z'),
      new Date('2026-10-25T23:00:00Z'),
    );
    // 24 wall-clock hours; the repeated 02:00 is announced once, so 24 instants over 25 real hours.
    expect(autumn).toHaveLength(24);
    expect(new Set(autumn.map((o) => o.at.getTime())).size).toBe(24);
  });
});

describe('what is due after downtime', () => {
  const subscribed = new Date('2025-09-01T00:00:00Z');

  test('only the most recent missed announcement within the grace window is due', () => {
    // Down from before the 3-days milestone until 15:00 UTC on 2 November: the 1-day one (08:00 UTC) is due.
    const due = latestDue(def, DATES, 'Europe/Berlin', new Date('2025-11-02T15:00:00Z'), subscribed);
    expect(due?.key).toBe('start:before-1@2025-11-02T09:00');
  });

  test('nothing is due once the latest missed announcement is older than the grace window', () => {
    expect(
      latestDue(def, DATES, 'Europe/Berlin', new Date('2025-11-02T20:01:00Z'), subscribed),
    ).toBeUndefined();
  });

  test('nothing from before the subscription is due', () => {
    const now = new Date('2025-11-03T10:00:00Z');
    expect(latestDue(def, DATES, 'Europe/Berlin', now, new Date('2025-11-03T09:00:00Z'))).toBeUndefined();
    expect(latestDue(def, DATES, 'Europe/Berlin', now, new Date('2025-11-03T07:59:00Z'))?.kind).toBe('day');
  });
});

describe('bounded recurring reminders', () => {
  test('the light schedule stops its quarterly reminders a year after the date', () => {
    const light = shipped.get('light') as Schedule;
    const list = nextOccurrences(light, DATES, 'UTC', new Date('2025-10-01T00:00:00Z'), 20);
    expect(list.map((o) => o.local)).toEqual([
      '2025-10-27T09:00',
      '2025-11-03T09:00',
      '2026-01-05T09:00',
      '2026-04-06T09:00',
      '2026-07-06T09:00',
      '2026-10-05T09:00',
    ]);
  });
});
