// Time-zone autocomplete for `/announce subscribe`: Discord's autocomplete cannot be deferred, so this is a
// plain ranked scan of the runtime's zone names (a few hundred), in their current spelling.
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import { canonicalTimeZone, timeZoneNames } from '../../src/announce/index.js';
import { LIMITS, truncate } from './limits.js';

const POPULAR_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Amsterdam',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Istanbul',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Africa/Lagos',
];

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** "UTC+01:00" for a zone at `now`, so people can tell the zones they are offered apart. */
function utcOffset(zone: string, now: Date): string {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 'UTC' : name.replace('GMT', 'UTC');
}

/**
 * Up to 25 IANA zones matching what was typed, best first: a zone the text names exactly (any case, or an
 * alias such as US/Pacific), then names starting with it, then names with a part (city) starting with it,
 * then names containing it. Spaces count as underscores, so "new york" finds America/New_York.
 */
export function timeZoneChoices(
  typed: string,
  now: Date = new Date(),
): APIApplicationCommandOptionChoice<string>[] {
  const text = typed.trim().slice(0, LIMITS.choiceValue);
  const query = text.toLowerCase().replace(/\s+/g, '_');
  let picked: string[];
  if (!query) {
    picked = POPULAR_ZONES;
  } else {
    const known = canonicalTimeZone(text);
    const exact = known;
    const ranked: Array<[number, string]> = [];
    for (const zone of timeZoneNames()) {
      const lower = zone.toLowerCase();
      const rank = lower.startsWith(query)
        ? 1
        : lower.split('/').some((part) => part.startsWith(query))
          ? 2
          : lower.includes(query)
            ? 3
            : 0;
      if (rank > 0) ranked.push([rank, zone]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    picked = [...new Set([...(exact ? [exact] : []), ...ranked.map(([, zone]) => zone)])];
  }
  return picked.slice(0, LIMITS.autocompleteChoices).map((zone) => ({
    name: truncate(`${zone} (${utcOffset(zone, now)} now)`, LIMITS.choiceName),
    value: zone,
  }));
}
