import { describe, expect, it } from 'vitest';
import {
  formatUtcOffset,
  isValidTimeZone,
  relativeZoneLabel,
  toLocalInputValue,
  wallClockAt,
  zonedTimeToUtc,
  zoneOffsetMinutes,
} from '#server/time/zones.ts';

describe('time zones', () => {
  it('knows valid IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('computes offsets on either side of a daylight-saving change', () => {
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Kolkata', new Date('2026-07-15T12:00:00Z'))).toBe(330);
  });

  it('converts a wall-clock time in a zone to UTC', () => {
    expect(zonedTimeToUtc('2026-07-01T18:30', 'Europe/Berlin')).toEqual({
      instant: new Date('2026-07-01T16:30:00Z'),
      adjustment: 'none',
    });
    expect(zonedTimeToUtc('2026-12-01T09:00', 'America/New_York')?.instant).toEqual(new Date('2026-12-01T14:00:00Z'));
  });

  it('moves a time inside a spring-forward gap forward by the jump', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026.
    expect(zonedTimeToUtc('2026-03-29T02:30', 'Europe/Berlin')).toEqual({
      instant: new Date('2026-03-29T01:30:00Z'),
      adjustment: 'gap',
    });
  });

  it('picks the earlier instant for a time that happens twice when clocks fall back', () => {
    // New York repeats 01:00–02:00 on 1 November 2026.
    expect(zonedTimeToUtc('2026-11-01T01:30', 'America/New_York')).toEqual({
      instant: new Date('2026-11-01T05:30:00Z'),
      adjustment: 'overlap',
    });
  });

  it('refuses malformed or impossible dates', () => {
    expect(zonedTimeToUtc('2026-02-30T10:00', 'UTC')).toBeNull();
    expect(zonedTimeToUtc('yesterday', 'UTC')).toBeNull();
    expect(zonedTimeToUtc('2026-01-01T10:00', 'Nowhere/Land')).toBeNull();
  });

  it('round-trips through the datetime-local input format', () => {
    const instant = new Date('2026-10-25T00:30:00Z');
    const local = toLocalInputValue(instant, 'Europe/London');
    expect(local).toBe('2026-10-25T01:30');
    expect(zonedTimeToUtc(local, 'Europe/London')?.instant).toEqual(instant);
  });

  it('describes another zone relative to the viewer', () => {
    const at = new Date('2026-07-15T12:00:00Z');
    expect(relativeZoneLabel('Asia/Tokyo', 'Europe/Berlin', at)).toBe('7 h ahead of you');
    expect(relativeZoneLabel('Asia/Kolkata', 'Europe/London', at)).toBe('4 h 30 min ahead of you');
    expect(relativeZoneLabel('America/Chicago', 'Europe/Berlin', at)).toBe('7 h behind you');
    expect(relativeZoneLabel('Europe/Paris', 'Europe/Berlin', at)).toBe('same time as you');
    expect(formatUtcOffset('Asia/Kathmandu', at)).toBe('UTC+5:45');
    expect(formatUtcOffset('America/Sao_Paulo', at)).toBe('UTC−3');
  });
});

describe('wallClockAt', () => {
  /** What Intl reads for the instant, without any remembered reading. */
  const fresh = (instant: Date, zone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(instant)
        .filter((p) => p.type !== 'literal')
        .map((p) => [p.type, Number(p.value)]),
    );
    return { ...parts, hour: parts.hour! % 24 };
  };

  it('reads each second right, however the calls for a zone alternate and repeat (across a daylight-saving change)', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 29 March 2026.
    const change = Date.UTC(2026, 2, 29, 1, 0, 0);
    const instants = [-1, 0, -1, 0, 0, 999, 1000, -1001, -1000, 59_999, 60_000, -3_600_000].map(
      (ms) => new Date(change + ms),
    );
    for (const zone of ['Europe/Berlin', 'Asia/Kolkata', 'Europe/Berlin', 'UTC']) {
      for (const instant of instants) expect(wallClockAt(instant, zone)).toEqual(fresh(instant, zone));
    }
    // Before 1970 too, where a second's milliseconds are negative.
    const early = new Date(Date.UTC(1969, 11, 31, 23, 59, 58, 500));
    expect(wallClockAt(early, 'UTC')).toEqual({ year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 58 });
    expect(wallClockAt(new Date(early.getTime() + 499), 'UTC').second).toBe(58);
    expect(wallClockAt(new Date(early.getTime() + 500), 'UTC').second).toBe(59);
  });

  it('hands each caller its own reading', () => {
    const now = new Date();
    const first = wallClockAt(now, 'Asia/Tokyo');
    first.hour = 99;
    expect(wallClockAt(now, 'Asia/Tokyo').hour).not.toBe(99);
  });
});
