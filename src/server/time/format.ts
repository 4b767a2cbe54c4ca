/** Formatting of dates and times for people, always in an explicit zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue 3 Mar 2026, 18:30" in `zone`. */
export function formatDateTime(instant: Date, zone: string): string {
  return formatter(zone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}

/** "3 March 2026" in `zone`. */
export function formatDate(instant: Date, zone: string): string {
  return formatter(zone, { day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** "18:30" in `zone`. */
export function formatTime(instant: Date, zone: string): string {
  return formatter(zone, { hour: '2-digit', minute: '2-digit' }).format(instant);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 2 hours", "just now". */
export function formatRelative(instant: Date, now: Date = new Date()): string {
  const diff = instant.getTime() - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}
