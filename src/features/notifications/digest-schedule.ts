import { wallClockAt, zonedTimeToUtc } from '#server/time/zones.ts';

/** Digests go out at this local hour: early, so they are there with the morning's mail. */
export const DIGEST_HOUR = 8;
/** Weekly digests go out on this ISO weekday (1 = Monday). */
export const DIGEST_WEEKDAY = 1;

const DAY_MS = 86_400_000;

function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

function localDateAfter(year: number, month: number, day: number, days: number): [number, number, number] {
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function at(date: [number, number, number], zone: string): Date {
  const [y, m, d] = date;
  const local = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(DIGEST_HOUR).padStart(2, '0')}:00`;
  return zonedTimeToUtc(local, zone)!.instant;
}

/**
 * When a digest holding a notice from `oldest` is due: the next 08:00 in the member's
 * zone after it (daily), or the next Monday 08:00 (weekly). Pure, so the schedule is
 * unit-tested across zones and daylight-saving changes.
 */
export function digestDueAt(oldest: Date, frequency: 'daily' | 'weekly', zone: string): Date {
  const w = wallClockAt(oldest, zone);
  for (let days = 0; days <= 8; days++) {
    const date = localDateAfter(w.year, w.month, w.day, days);
    if (frequency === 'weekly' && isoWeekday(...date) !== DIGEST_WEEKDAY) continue;
    const due = at(date, zone);
    if (due.getTime() > oldest.getTime()) return due;
  }
  throw new Error('unreachable: a due time always exists within eight days');
}
