// Wall-clock time in IANA zones without a date library: Intl gives an instant's local parts, and
// `wallToInstant` turns local parts back into one instant with a fixed rule for daylight-saving edges, so a
// local time of day maps to exactly one instant every day (never none, never two).

export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The canonical IANA name for what someone typed (`europe/berlin` -> `Europe/Berlin`), or undefined when
 * Intl does not know it. Fixed offsets like `+02:00` are refused: they have no daylight-saving rules, and
 * a channel that means "Berlin" should follow Berlin.
 */
export function canonicalTimeZone(input: string): string | undefined {
  const name = input.trim();
  if (name === '' || /^[+-]\d/.test(name)) return undefined;
  const known = zonesByLowerName().get(name.toLowerCase());
  if (known) return known;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return CURRENT_NAMES[resolved] ?? resolved;
  } catch {
    return undefined;
  }
}

/**
 * Former spelling -> current IANA name. Node 20's ICU lists (and resolves to) the former ones; people type
 * the current ones, and both name the same zone.
 */
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
};

function accepted(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let names: string[] | undefined;
/** Every IANA zone this runtime knows, in current spelling, with UTC (which Intl's list leaves out). */
export function timeZoneNames(): readonly string[] {
  names ??= [
    ...new Set(
      ['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => {
        const current = CURRENT_NAMES[zone];
        return current && accepted(current) ? current : zone;
      }),
    ),
  ].sort();
  return names;
}

let byLowerName: Map<string, string> | undefined;
function zonesByLowerName(): Map<string, string> {
  byLowerName ??= new Map(timeZoneNames().map((z) => [z.toLowerCase(), z]));
  return byLowerName;
}

/** The local wall time of an instant in a zone (seconds dropped). */
export function zonedWallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** Wall time read as if it were UTC: a plain number to compare and do calendar arithmetic with. */
export function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

export function wallFromUtcMs(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** `YYYY-MM-DDTHH:mm` */
export function formatWall(w: WallTime): string {
  return new Date(wallAsUtcMs(w)).toISOString().slice(0, 16);
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
export function offsetMs(instant: Date, timeZone: string): number {
  const whole = Math.floor(instant.getTime() / 60_000) * 60_000;
  return wallAsUtcMs(zonedWallTime(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall time names in a zone. At the edges of daylight saving:
 * - a time that does not exist (the spring-forward gap) moves forward by the gap's length
 *   (02:30 becomes 03:30), so the day still gets its announcement;
 * - a time that exists twice (the fall-back overlap) takes the earlier instant, so it is announced once.
 * This is the "compatible" rule of Temporal and of most calendar software.
 */
export function wallToInstant(w: WallTime, timeZone: string): Date {
  const wallMs = wallAsUtcMs(w);
  // Offsets in force a day either side bracket any transition near this wall time.
  const before = offsetMs(new Date(wallMs - 86_400_000), timeZone);
  const after = offsetMs(new Date(wallMs + 86_400_000), timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])]
    .filter((t) => wallAsUtcMs(zonedWallTime(new Date(t), timeZone)) === wallMs)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  // In the gap: read the wall time with the offset from before the jump, which lands after it.
  return new Date(wallMs - before);
}

/** The calendar date of a policy date (`Date` at UTC midnight, as the knowledge base gives it). */
export function calendarDate(date: Date): { year: number; month: number; day: number } {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Add calendar days to a date (no time zone involved: days are days). */
export function addDays(d: { year: number; month: number; day: number }, days: number) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
