import { zonedTimeToUtc } from '#server/time/zones.ts';

/*
 * The dates of a repeating event, pure: no database, no clock. A series repeats every
 * N weeks on its first date's weekday, or monthly on that weekday's place in the month
 * ("second Tuesday", "fifth Tuesday", "last Friday"), at one local time in the
 * organiser's zone; each date becomes an instant only at the end, so 19:00 stays 19:00
 * across daylight-saving changes. Months without a fifth Tuesday have no occurrence,
 * as in iCalendar's BYDAY=5TU.
 */

export type RecurrenceRule = { frequency: 'weekly'; interval: number } | { frequency: 'monthly'; nth: number };

export interface SeriesPattern {
  rule: RecurrenceRule;
  /** YYYY-MM-DD, local: the first occurrence, whose weekday the series keeps. */
  firstDate: string;
  /** YYYY-MM-DD, local: no occurrence after this date. */
  untilDate: string;
  /** HH:MM, local. */
  startTime: string;
  durationMinutes: number;
  zone: string;
}

export interface Occurrence {
  /** YYYY-MM-DD, local. */
  date: string;
  startsAt: Date;
  endsAt: Date;
  /** The local start time did not exist that day (clocks jumped forward): it starts after the jump. */
  shifted: boolean;
}

/** A series may reach at most this far past its first date… */
export const MAX_SERIES_DAYS = 366;
/** …and hold at most this many dates (weekly for a year is 53). */
export const MAX_OCCURRENCES = 60;
export const MAX_WEEKLY_INTERVAL = 12;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Days since 1970-01-01 for a valid YYYY-MM-DD, or null. */
export function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** YYYY-MM-DD of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

/** Which of its weekday the date is in its month (1–5), and whether it is also the last. */
export function placeInMonth(date: string): { nth: number; isLast: boolean } {
  const day = dayNumber(date);
  if (day === null) throw new Error(`not a date: ${date}`);
  const d = new Date(day * DAY_MS);
  const dom = d.getUTCDate();
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return { nth: Math.ceil(dom / 7), isLast: dom + 7 > daysInMonth };
}

/** The day of the `nth` (1–5, or -1 for last) `weekday` of a month, or null when the month has none. */
function nthWeekdayOfMonth(year: number, month0: number, weekday: number, nth: number): number | null {
  const first = Date.UTC(year, month0, 1) / DAY_MS;
  const daysInMonth = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
  const firstMatch = first + ((weekday - isoWeekday(first) + 7) % 7);
  const count = Math.floor((first + daysInMonth - 1 - firstMatch) / 7) + 1;
  const index = nth === -1 ? count - 1 : nth - 1;
  return index < count ? firstMatch + index * 7 : null;
}

/** The local dates of a series, in order, from its first date up to its until date (inclusive). */
export function seriesDates(rule: RecurrenceRule, firstDate: string, untilDate: string): string[] {
  const first = dayNumber(firstDate);
  const until = dayNumber(untilDate);
  if (first === null || until === null || until < first) return [];
  const weekday = isoWeekday(first);
  const out: string[] = [];
  if (rule.frequency === 'weekly') {
    for (let day = first; day <= until && out.length < MAX_OCCURRENCES; day += 7 * rule.interval) out.push(dateOf(day));
    return out;
  }
  const start = new Date(first * DAY_MS);
  for (let i = 0; out.length < MAX_OCCURRENCES; i++) {
    const year = start.getUTCFullYear() + Math.floor((start.getUTCMonth() + i) / 12);
    const month0 = (start.getUTCMonth() + i) % 12;
    if (Date.UTC(year, month0, 1) / DAY_MS > until) break;
    const day = nthWeekdayOfMonth(year, month0, weekday, rule.nth);
    if (day !== null && day >= first && day <= until) out.push(dateOf(day));
  }
  return out;
}

/** One local date at the series' time, as instants (a time in a gap starts after the jump, as RFC 5545 says). */
export function occurrenceAt(date: string, startTime: string, durationMinutes: number, zone: string): Occurrence {
  const converted = zonedTimeToUtc(`${date}T${startTime}`, zone);
  if (!converted) throw new Error(`not a local time: ${date} ${startTime} in ${zone}`);
  return {
    date,
    startsAt: converted.instant,
    endsAt: new Date(converted.instant.getTime() + durationMinutes * 60_000),
    shifted: converted.adjustment === 'gap',
  };
}

/** Every occurrence of a series, as instants. */
export function expandSeries(p: SeriesPattern): Occurrence[] {
  return seriesDates(p.rule, p.firstDate, p.untilDate).map((date) =>
    occurrenceAt(date, p.startTime, p.durationMinutes, p.zone),
  );
}

export type PatternCheck = { ok: true } | { ok: false; field: 'repeat' | 'interval' | 'until'; message: string };

/** What a series may be: a sensible rule that matches its first date, ending within a year, with at least two dates. */
export function checkPattern(
  rule: RecurrenceRule,
  firstDate: string,
  untilDate: string,
  startTime: string,
): PatternCheck {
  const first = dayNumber(firstDate);
  const until = dayNumber(untilDate);
  if (first === null || !TIME.test(startTime))
    return { ok: false, field: 'repeat', message: 'Enter when it starts first.' };
  if (
    rule.frequency === 'weekly' &&
    (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > MAX_WEEKLY_INTERVAL)
  )
    return { ok: false, field: 'interval', message: `Repeat every 1 to ${MAX_WEEKLY_INTERVAL} weeks.` };
  if (rule.frequency === 'monthly') {
    const place = placeInMonth(firstDate);
    if (!(rule.nth === place.nth || (rule.nth === -1 && place.isLast)))
      return { ok: false, field: 'repeat', message: 'Choose a monthly pattern that matches the first date.' };
  }
  if (until === null) return { ok: false, field: 'until', message: 'Enter the last date it may repeat on.' };
  if (until < first) return { ok: false, field: 'until', message: 'The last date must be after the first one.' };
  if (until - first > MAX_SERIES_DAYS)
    return { ok: false, field: 'until', message: 'A series can repeat for up to a year. Make a new one after that.' };
  if (seriesDates(rule, firstDate, untilDate).length < 2)
    return { ok: false, field: 'until', message: 'With this end date it happens only once. Pick a later date.' };
  return { ok: true };
}

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

/** "second Tuesday", "last Friday". */
export function nthWeekdayLabel(nth: number, weekday: number): string {
  return `${nth === -1 ? 'last' : ORDINALS[nth]} ${WEEKDAYS[weekday]}`;
}

/** "Every Tuesday", "Every 2 weeks on Tuesday", "Monthly on the second Tuesday" (at 19:00 when given). */
export function describeRule(rule: RecurrenceRule, firstDate: string, startTime?: string): string {
  const weekday = isoWeekday(dayNumber(firstDate) ?? 0);
  const at = startTime ? ` at ${startTime}` : '';
  if (rule.frequency === 'weekly')
    return rule.interval === 1
      ? `Every ${WEEKDAYS[weekday]}${at}`
      : `Every ${rule.interval} weeks on ${WEEKDAYS[weekday]}${at}`;
  return `Monthly on the ${nthWeekdayLabel(rule.nth, weekday)}${at}`;
}

const BYDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The RRULE value (RFC 5545) for a series; `until` is the UTC instant of its last start. */
export function toRRule(rule: RecurrenceRule, firstDate: string, until: Date): string {
  const weekday = BYDAY[isoWeekday(dayNumber(firstDate) ?? 0)];
  const untilText = until
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return rule.frequency === 'weekly'
    ? `FREQ=WEEKLY;INTERVAL=${rule.interval};BYDAY=${weekday};UNTIL=${untilText}`
    : `FREQ=MONTHLY;BYDAY=${rule.nth}${weekday};UNTIL=${untilText}`;
}
