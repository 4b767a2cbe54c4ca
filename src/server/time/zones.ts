/**
 * Time-zone arithmetic on top of Intl, no dependencies. Instants are stored in UTC;
 * these helpers convert between an instant and wall-clock time in an IANA zone.
 */

let zoneList: string[] | undefined;

/** Every IANA zone this runtime knows, plus UTC, sorted. */
export function allTimeZones(): string[] {
  zoneList ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort();
  return zoneList;
}

const validity = new Map<string, boolean>();

/** Whether `zone` is an IANA zone name this runtime can format in. */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  let ok = validity.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    if (validity.size < 2000) validity.set(zone, ok);
  }
  return ok;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/*
 * A page asks for the same zone's reading of the same instant several times (its
 * offset, how it relates to the viewer's zone, today's date there), and `formatToParts`
 * is the costly part. A reading has a resolution of one second, so each zone's last
 * reading is kept with the second it is for: the same second answers the same reading.
 */
const lastReadings = new Map<string, { second: number; clock: WallClock }>();
/** More zones than the runtime knows cannot be valid ones: past this the readings start over. */
const MAX_ZONES_KEPT = 1000;

/** The wall-clock reading in `zone` at `instant`. */
export function wallClockAt(instant: Date, zone: string): WallClock {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastReadings.get(zone);
  if (last?.second === second) return { ...last.clock };
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const clock = {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
  if (!last && lastReadings.size >= MAX_ZONES_KEPT) lastReadings.clear();
  lastReadings.set(zone, { second, clock });
  return { ...clock };
}

/** Minutes `zone` is ahead of UTC at `instant` (negative west of Greenwich). */
export function zoneOffsetMinutes(zone: string, instant: Date = new Date()): number {
  const w = wallClockAt(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

export interface ZonedConversion {
  instant: Date;
  /**
   * `gap`: the wall time does not exist (clocks jumped forward); the instant is the same
   * wall time shifted forward by the jump. `overlap`: it happens twice (clocks fell
   * back); the earlier one is chosen.
   */
  adjustment: 'none' | 'gap' | 'overlap';
}

/**
 * Converts a wall-clock time typed in `zone` ("2026-03-29T02:30") to a UTC instant,
 * handling daylight-saving gaps and overlaps explicitly. Null if malformed.
 */
export function zonedTimeToUtc(local: string, zone: string): ZonedConversion | null {
  const m = LOCAL_PATTERN.exec(local.trim());
  if (!m || !isValidTimeZone(zone)) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wallAsUtc).getUTCDate() !== day) return null; // 31 February and friends

  // The offset can only be one of the offsets in force a day either side.
  const candidates = new Set([
    zoneOffsetMinutes(zone, new Date(wallAsUtc - 86_400_000)),
    zoneOffsetMinutes(zone, new Date(wallAsUtc)),
    zoneOffsetMinutes(zone, new Date(wallAsUtc + 86_400_000)),
  ]);
  const matches = [...candidates]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => {
      const w = wallClockAt(new Date(instant), zone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) === wallAsUtc;
    })
    .sort((a, b) => a - b);
  if (matches.length > 0) {
    return { instant: new Date(matches[0]!), adjustment: matches.length > 1 ? 'overlap' : 'none' };
  }
  // In a gap: use the offset from before the jump, which lands after the jump.
  const before = zoneOffsetMinutes(zone, new Date(wallAsUtc - 86_400_000));
  return { instant: new Date(wallAsUtc - before * 60_000), adjustment: 'gap' };
}

/** The `YYYY-MM-DDTHH:mm` value for an <input type="datetime-local"> showing `instant` in `zone`. */
export function toLocalInputValue(instant: Date, zone: string): string {
  const w = wallClockAt(instant, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** "UTC+5:30", "UTC−3", "UTC" for the offset of `zone` at `instant`. */
export function formatUtcOffset(zone: string, instant: Date = new Date()): string {
  const minutes = zoneOffsetMinutes(zone, instant);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * How another zone relates to the viewer's, in words: "3 h ahead of you",
 * "5 h 30 min behind you", "same time as you".
 */
export function relativeZoneLabel(otherZone: string, viewerZone: string, instant: Date = new Date()): string {
  const diff = zoneOffsetMinutes(otherZone, instant) - zoneOffsetMinutes(viewerZone, instant);
  if (diff === 0) return 'same time as you';
  const abs = Math.abs(diff);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  const amount = [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
  return `${amount} ${diff > 0 ? 'ahead of' : 'behind'} you`;
}
