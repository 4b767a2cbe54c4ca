import { formatDateTime, formatTime } from '#server/time/format.ts';
import { formatUtcOffset, wallClockAt, zonedTimeToUtc, zoneOffsetMinutes } from '#server/time/zones.ts';

const DAY_MS = 86_400_000;

/** How far back an event may be dated (recording one that happened), and how far ahead it may be planned. */
export const EVENT_TIME_WINDOW = { pastDays: 365, futureDays: 2 * 365, maxDurationDays: 7 } as const;

export type EventTimesResult =
  | { ok: true; startsAt: Date; endsAt: Date }
  | { ok: false; fields: Partial<Record<'startsAt' | 'endsAt', string>> };

function gapMessage(zone: string): string {
  return `That time does not exist in ${zone}: the clocks jump forward then. Choose a time outside the jump.`;
}

/**
 * Turns the wall-clock start and end an organiser typed in `zone` into UTC instants,
 * refusing what cannot be right: malformed or non-existent times (a daylight-saving
 * gap), an end not after the start, dates more than a year back or two years ahead,
 * and events longer than a week. Ambiguous times (clocks falling back) take the earlier.
 */
export function validateEventTimes(
  startLocal: string,
  endLocal: string,
  zone: string,
  now: Date,
  /** When editing: a start left as it was is not re-checked against the window (an old event keeps its date). */
  unchangedStart?: Date,
): EventTimesResult {
  const fields: Partial<Record<'startsAt' | 'endsAt', string>> = {};
  const start = zonedTimeToUtc(startLocal, zone);
  const end = zonedTimeToUtc(endLocal, zone);
  if (!start) fields.startsAt = 'Enter the date and time it starts, like 2026-05-14 18:30.';
  else if (start.adjustment === 'gap') fields.startsAt = gapMessage(zone);
  if (!end) fields.endsAt = 'Enter the date and time it ends, like 2026-05-14 20:00.';
  else if (end.adjustment === 'gap') fields.endsAt = gapMessage(zone);
  if (!start || !end || fields.startsAt || fields.endsAt) return { ok: false, fields };

  const startsAt = start.instant;
  const endsAt = end.instant;
  if (unchangedStart && unchangedStart.getTime() === startsAt.getTime()) {
    // kept as it was
  } else if (startsAt.getTime() < now.getTime() - EVENT_TIME_WINDOW.pastDays * DAY_MS) {
    fields.startsAt = 'That is more than a year ago. Enter a date within the last year, or in the future.';
  } else if (startsAt.getTime() > now.getTime() + EVENT_TIME_WINDOW.futureDays * DAY_MS) {
    fields.startsAt = 'That is more than two years away. Events can be planned up to two years ahead.';
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    fields.endsAt = 'The event must end after it starts.';
  } else if (endsAt.getTime() - startsAt.getTime() > EVENT_TIME_WINDOW.maxDurationDays * DAY_MS) {
    fields.endsAt = `An event can last at most ${EVENT_TIME_WINDOW.maxDurationDays} days.`;
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, startsAt, endsAt };
}

function sameDay(a: Date, b: Date, zone: string): boolean {
  const x = wallClockAt(a, zone);
  const y = wallClockAt(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/** "Tue 3 Mar 2026, 18:30–20:00" (or both full dates when it spans days), in `zone`. */
export function formatRange(startsAt: Date, endsAt: Date, zone: string): string {
  const start = formatDateTime(startsAt, zone);
  return sameDay(startsAt, endsAt, zone)
    ? `${start}–${formatTime(endsAt, zone)}`
    : `${start} – ${formatDateTime(endsAt, zone)}`;
}

export interface EventWhen {
  /** The range in the viewer's zone (members) or the event's zone (visitors). */
  primary: string;
  /** Which zone `primary` is in, with its UTC offset at the start. */
  zoneLabel: string;
  /** The range where the event is held, when that differs from the viewer's clock. */
  local: string | null;
}

/**
 * When an event happens, for one viewer. Members see it in their own zone (and in the
 * event's when the clocks differ); visitors, whose zone we do not know, see the
 * event's zone with its UTC offset so they can convert.
 */
export function describeWhen(startsAt: Date, endsAt: Date, eventZone: string, viewerZone: string | null): EventWhen {
  const eventLabel = `${eventZone.replace(/_/g, ' ')} (${formatUtcOffset(eventZone, startsAt)})`;
  if (!viewerZone) return { primary: formatRange(startsAt, endsAt, eventZone), zoneLabel: eventLabel, local: null };
  const differs = zoneOffsetMinutes(viewerZone, startsAt) !== zoneOffsetMinutes(eventZone, startsAt);
  return {
    primary: formatRange(startsAt, endsAt, viewerZone),
    zoneLabel: `your time, ${viewerZone.replace(/_/g, ' ')} (${formatUtcOffset(viewerZone, startsAt)})`,
    local: differs ? `${formatRange(startsAt, endsAt, eventZone)} in ${eventLabel}` : null,
  };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in `zone`, for grouping listings by date. */
export function dayKey(instant: Date, zone: string): string {
  const w = wallClockAt(instant, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const dayHeading = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Tuesday 3 March 2026" for a `dayKey`. */
export function formatDayHeading(key: string): string {
  return dayHeading.format(new Date(`${key}T12:00:00Z`));
}
