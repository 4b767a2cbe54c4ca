import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from '#server/time/format.ts';

describe('formatting for people', () => {
  const instant = new Date('2026-07-01T16:30:00Z');

  it('formats a time, a date and both in the zone asked for', () => {
    expect(formatTime(instant, 'Europe/Berlin')).toBe('18:30');
    expect(formatDate(instant, 'Europe/Berlin')).toBe('1 July 2026');
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('Wed, 1 Jul 2026, 18:30');
  });

  it('keeps each zone and each style apart (formatters are reused per style and zone)', () => {
    expect(formatTime(instant, 'America/New_York')).toBe('12:30');
    expect(formatTime(instant, 'Asia/Kolkata')).toBe('22:00');
    expect(formatDate(new Date('2026-07-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2 July 2026');
    expect(formatDate(new Date('2026-07-01T23:30:00Z'), 'UTC')).toBe('1 July 2026');
    expect(formatTime(instant, 'Europe/Berlin')).toBe('18:30');
  });
});
