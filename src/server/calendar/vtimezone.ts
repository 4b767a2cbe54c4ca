import { wallClockAt, zoneOffsetMinutes } from '#server/time/zones.ts';

/*
 * VTIMEZONE components (RFC 5545 §3.6.5) written from the runtime's own time-zone data
 * (Intl), so a calendar reading a series' local times (DTSTART;TZID=…) lands on exactly
 * the instants the site computed and stored with the same data. Each offset change in
 * the span is written as its own observance with a single DTSTART, which needs no
 * rule of its own and stays right when a zone changes its rules.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** "+0100", "-0330". */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** "20260329T020000": the wall clock `offsetMinutes` from UTC at `instant`. */
function localText(instant: number, offsetMinutes: number): string {
  return new Date(instant + offsetMinutes * 60_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

/** The first instant in (from, to] where the offset is no longer `before` (binary search to the second). */
function changeBetween(zone: string, from: number, to: number, before: number): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (zoneOffsetMinutes(zone, new Date(mid)) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface OffsetChange {
  at: Date;
  from: number;
  to: number;
}

/** Every change of UTC offset in `zone` between two instants. */
export function offsetChanges(zone: string, from: Date, to: Date): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let t = from.getTime();
  let offset = zoneOffsetMinutes(zone, from);
  // Offsets change at most a few times a year and never twice within 12 hours.
  for (let next = t + 12 * HOUR_MS; t < to.getTime(); t = next, next += 12 * HOUR_MS) {
    const after = zoneOffsetMinutes(zone, new Date(next));
    if (after === offset) continue;
    const at = changeBetween(zone, t, next, offset);
    changes.push({ at: new Date(at), from: offset, to: after });
    offset = after;
  }
  return changes;
}

/**
 * The lines of a VTIMEZONE for `zone` valid from `from` to `to`: the offset in force
 * at `from`, then each change. An observance is DAYLIGHT when its offset is ahead of
 * the lowest offset the zone uses in the span, STANDARD otherwise.
 */
export function vtimezoneLines(zone: string, from: Date, to: Date): string[] {
  const start = from.getTime() - DAY_MS;
  const end = to.getTime() + DAY_MS;
  const initial = zoneOffsetMinutes(zone, new Date(start));
  const changes = offsetChanges(zone, new Date(start), new Date(end));
  const standard = Math.min(initial, ...changes.map((c) => c.to));
  const observance = (at: number, fromOffset: number, toOffset: number) => {
    const kind = toOffset > standard ? 'DAYLIGHT' : 'STANDARD';
    return [
      `BEGIN:${kind}`,
      `DTSTART:${localText(at, fromOffset)}`,
      `TZOFFSETFROM:${offsetText(fromOffset)}`,
      `TZOFFSETTO:${offsetText(toOffset)}`,
      `END:${kind}`,
    ];
  };
  // The first observance starts at local midnight before the span, so it covers it whole.
  const w = wallClockAt(new Date(start), zone);
  const midnight = Date.UTC(w.year, w.month - 1, w.day) - initial * 60_000;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    ...observance(midnight, initial, initial),
    ...changes.flatMap((c) => observance(c.at.getTime(), c.from, c.to)),
    'END:VTIMEZONE',
  ];
}

/** "20260310T190000": an instant as a local date-time in `zone`, for DTSTART;TZID=… */
export function localDateTime(instant: Date, zone: string): string {
  return localText(instant.getTime(), zoneOffsetMinutes(zone, instant));
}
