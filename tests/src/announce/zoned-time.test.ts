import { describe, expect, test } from 'vitest';
import { canonicalTimeZone, wallToInstant, zonedWallTime } from '../../../src/announce/index.js';

const wall = (s: string) => {
  const [date = '', time = ''] = s.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0 };
};
const iso = (local: string, zone: string) => wallToInstant(wall(local), zone).toISOString();

describe('wall time to instant', () => {
  test('an ordinary local time maps to the one instant with the zone offset of that day', () => {
    expect(iso('2025-10-20T09:00', 'Europe/Berlin')).toBe('2025-10-20T07:00:00.000Z');
    expect(iso('2025-10-27T09:00', 'Europe/Berlin')).toBe('2025-10-27T08:00:00.000Z');
    expect(iso('2025-11-03T09:00', 'America/New_York')).toBe('2025-11-03T14:00:00.000Z');
    expect(iso('2025-11-03T09:00', 'Asia/Kolkata')).toBe('2025-11-03T03:30:00.000Z');
  });

  test('a local time inside the spring-forward gap moves forward by the gap, so the day still has it', () => {
    expect(iso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    // Lord Howe Island shifts by 30 minutes.
    expect(iso('2025-10-05T02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:45:00.000Z'); // 02:45 +11
  });

  test('a local time that happens twice at fall-back maps to the earlier instant only', () => {
    expect(iso('2025-10-26T02:30', 'Europe/Berlin')).toBe('2025-10-26T00:30:00.000Z'); // CEST, not CET
    expect(iso('2025-11-02T01:30', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z'); // EDT, not EST
  });

  test('instants read back as the local wall time they were made from', () => {
    const at = wallToInstant(wall('2025-12-01T09:00'), 'Australia/Sydney');
    expect(zonedWallTime(at, 'Australia/Sydney')).toEqual(wall('2025-12-01T09:00'));
  });
});

describe('time zone names', () => {
  test('names are canonicalised whatever their case', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone(' UTC ')).toBe('UTC');
  });

  test('unknown names and fixed offsets are refused', () => {
    expect(canonicalTimeZone('Europe/Atlantis')).toBeUndefined();
    expect(canonicalTimeZone('+02:00')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});

describe('canonicalTimeZone spelling', () => {
  test('keeps current IANA names that older ICU resolves to former aliases, and fixes their case', () => {
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
  });
});
