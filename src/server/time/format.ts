/** Formatting of dates and times for people, always in an explicit zone. */

const STYLES = {
  dateTime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Keyed by style and zone: the key used to be built from the options with JSON.stringify
// on every call (visible in the profile page's CPU profile).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${style}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue 3 Mar 2026, 18:30" in `zone`. */
export function formatDateTime(instant: Date, zone: string): string {
  return formatter(zone, 'dateTime').format(instant);
}

/** "3 March 2026" in `zone`. */
export function formatDate(instant: Date, zone: string): string {
  return formatter(zone, 'date').format(instant);
}

/** "18:30" in `zone`. */
export function formatTime(instant: Date, zone: string): string {
  return formatter(zone, 'time').format(instant);
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
