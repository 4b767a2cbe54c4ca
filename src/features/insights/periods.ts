import { broaderScopes, type Scope } from '#features/aggregates/privacy.ts';

/**
 * The period filter of /insights. Windows are nested (30 ⊂ 90 ⊂ 365 days ⊂ all time) and
 * start at a UTC midnight, so the figures of one day are stable. Each instant falls in
 * one slice: 0 (the last 30 days), 1 (30–90 days ago), 2 (90–365), 3 (older); a window
 * is a run of slices from 0, which is what the privacy rules reason about.
 */

export const PERIODS = ['30d', '90d', '365d', 'all'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<Period, string> = {
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '365d': 'Last 12 months',
  all: 'All time',
};

const PERIOD_DAYS: Record<Period, number | null> = { '30d': 30, '90d': 90, '365d': 365, all: null };
export const DEFAULT_PERIOD: Period = '365d';
const DAY_MS = 86_400_000;

/** A period from a query string value; anything else is the default. */
export function parsePeriod(value: string | null | undefined): Period {
  return PERIODS.includes(value as Period) ? (value as Period) : DEFAULT_PERIOD;
}

function startOfUtcDay(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

/** When a period's window starts (null for all time): midnight UTC, so today counts whole. */
export function periodStart(period: Period, now: Date): Date | null {
  const days = PERIOD_DAYS[period];
  return days === null ? null : new Date(startOfUtcDay(now) - (days - 1) * DAY_MS);
}

/** The slice (0–3) an instant falls in, seen from `now`. */
export function sliceOf(at: Date, now: Date): number {
  const t = at.getTime();
  for (const [i, period] of (['30d', '90d', '365d'] as const).entries()) {
    if (t >= periodStart(period, now)!.getTime()) return i;
  }
  return 3;
}

/** The instants (ms) where the 30-, 90- and 365-day windows start: the slice edges for SQL. */
export function sliceStarts(now: Date): [number, number, number] {
  return [periodStart('30d', now)!.getTime(), periodStart('90d', now)!.getTime(), periodStart('365d', now)!.getTime()];
}

/** The slices a period's window covers. */
export function windowSlices(period: Period): number[] {
  return Array.from({ length: PERIODS.indexOf(period) + 1 }, (_, i) => i);
}

/** The slice sets of the periods longer than `period` (the broader windows of rule 2). */
export function longerWindows(period: Period): number[][] {
  return PERIODS.slice(PERIODS.indexOf(period) + 1).map(windowSlices);
}

/** A period's window as a privacy scope, with the tags chosen (a category…). */
export function windowScope(period: Period, tags: readonly string[] = []): Scope {
  return { slices: windowSlices(period), tags };
}

/** Every broader choice of filters containing (period, tags): longer periods, fewer tags. */
export function broaderThanWindow(period: Period, tags: readonly string[] = []): Scope[] {
  return broaderScopes(windowScope(period, tags), longerWindows(period));
}

/** A calendar month (UTC) as one number: year × 12 + month index. */
export function monthKey(at: Date): number {
  return at.getUTCFullYear() * 12 + at.getUTCMonth();
}

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Mar 2026". */
export function monthLabel(key: number): string {
  return MONTH.format(new Date(Date.UTC(Math.floor(key / 12), key % 12, 1)));
}

/** At most this many months in a chart: "all time" shows the last two years by month. */
export const MAX_MONTHS = 24;

/**
 * The whole calendar months a period's charts show: from the month its window starts
 * (or the first month with data, for all time) to the current one. Months are never cut
 * at the window's edge, so a month's bar is the same whichever period is chosen.
 */
export function monthsFor(period: Period, now: Date, firstData: Date | null): number[] {
  const end = monthKey(now);
  const start = periodStart(period, now);
  let first = start ? monthKey(start) : firstData ? monthKey(firstData) : end;
  first = Math.max(first, end - MAX_MONTHS + 1);
  return Array.from({ length: end - first + 1 }, (_, i) => first + i);
}
