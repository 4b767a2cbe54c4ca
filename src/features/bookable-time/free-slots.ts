import { wallClockAt, zonedTimeToUtc } from '#server/time/zones.ts';

/*
 * The free slots of a helper's bookable time, pure: weekly windows in the helper's
 * zone, cut into sessions with a buffer between them, up to a horizon, minus anything
 * busy (booked sessions and the helper's events, with the buffer around them), and
 * none in a week that already holds the helper's weekly cap. Windows are laid on each
 * local date and only then turned into instants, so "Tuesdays 17:00–19:00" stays
 * 17:00–19:00 across daylight-saving changes (a window crossing the skipped hour is
 * an hour shorter that day).
 */

export interface BookableWindow {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes after local midnight; `endMinute` may be 1440 (midnight at the end of the day). */
  startMinute: number;
  endMinute: number;
}

export interface BookableSettings {
  zone: string;
  sessionMinutes: number;
  bufferMinutes: number;
  horizonDays: number;
  weeklyCap: number;
}

export interface Interval {
  start: Date;
  end: Date;
}

/** A slot must start at least this long from now, so the helper has time to see it. */
export const MIN_LEAD_MS = 12 * 3_600_000;
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function localDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isoWeekday(day: number): number {
  return ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

/** The instant of a local date plus minutes in a zone (1440 is the next midnight). */
function at(day: number, minute: number, zone: string): Date {
  const d = day + Math.floor(minute / 1440);
  const m = minute % 1440;
  return zonedTimeToUtc(`${localDate(d)}T${pad(Math.floor(m / 60))}:${pad(m % 60)}`, zone)!.instant;
}

/** The Monday (day number) of the helper's local week an instant falls in. */
export function localWeekOf(instant: Date, zone: string): number {
  const w = wallClockAt(instant, zone);
  const day = Date.UTC(w.year, w.month - 1, w.day) / DAY_MS;
  return day - (isoWeekday(day) - 1);
}

/**
 * Every free slot start, in order. `booked` are the helper's sessions that count
 * against the weekly cap (also busy); `busy` is anything else in their calendar.
 */
export function freeSlots(
  settings: BookableSettings,
  windows: BookableWindow[],
  booked: Interval[],
  busy: Interval[],
  now: Date,
): Date[] {
  const { zone, sessionMinutes, bufferMinutes } = settings;
  const step = (sessionMinutes + bufferMinutes) * MINUTE;
  const length = sessionMinutes * MINUTE;
  const buffer = bufferMinutes * MINUTE;
  const taken = [...booked, ...busy];
  const perWeek = new Map<number, number>();
  for (const b of booked) {
    const week = localWeekOf(b.start, zone);
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  const earliest = now.getTime() + MIN_LEAD_MS;
  const latest = now.getTime() + settings.horizonDays * DAY_MS;
  const local = wallClockAt(now, zone);
  const today = Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
  const out = new Set<number>();
  for (let day = today; day <= today + settings.horizonDays; day++) {
    const weekday = isoWeekday(day);
    if ((perWeek.get(day - (weekday - 1)) ?? 0) >= settings.weeklyCap) continue;
    for (const w of windows) {
      if (w.weekday !== weekday) continue;
      const end = at(day, w.endMinute, zone).getTime();
      for (let s = at(day, w.startMinute, zone).getTime(); s + length <= end; s += step) {
        if (s < earliest || s > latest) continue;
        const clash = taken.some((t) => t.start.getTime() < s + length + buffer && t.end.getTime() > s - buffer);
        if (!clash) out.add(s);
      }
    }
  }
  return [...out].sort((a, b) => a - b).map((s) => new Date(s));
}

/** Whether `start` is one of the free slots (a booking must pick one). */
export function isFreeSlot(slots: Date[], start: Date): boolean {
  return slots.some((s) => s.getTime() === start.getTime());
}

/** "Tue 17:00–19:00" for a window, for the settings page. */
export function describeWindow(w: BookableWindow): string {
  const names = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const hm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  return `${names[w.weekday]} ${hm(w.startMinute)}–${hm(w.endMinute)}`;
}

/** Minutes after midnight from "HH:MM" ("24:00" is 1440), or null. */
export function parseClock(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 1440 ? minutes : null;
}
