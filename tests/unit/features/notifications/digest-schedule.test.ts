import { describe, expect, it } from 'vitest';
import { digestDueAt } from '#features/notifications/digest-schedule.ts';

describe('when a digest is due', () => {
  it.each([
    // oldest notice (UTC) | zone | daily due (UTC)
    ['2026-03-10T07:00:00Z', 'UTC', '2026-03-10T08:00:00Z'],
    ['2026-03-10T08:00:00Z', 'UTC', '2026-03-11T08:00:00Z'],
    ['2026-03-10T20:00:00Z', 'Europe/Berlin', '2026-03-11T07:00:00Z'],
    // Berlin moves its clocks on 29 March 2026: 08:00 is then UTC+2.
    ['2026-03-28T12:00:00Z', 'Europe/Berlin', '2026-03-29T06:00:00Z'],
    ['2026-10-24T12:00:00Z', 'Europe/Berlin', '2026-10-25T07:00:00Z'],
    // New York moved on 8 March 2026.
    ['2026-03-07T23:00:00Z', 'America/New_York', '2026-03-08T12:00:00Z'],
    ['2026-03-10T01:00:00Z', 'Asia/Kolkata', '2026-03-10T02:30:00Z'],
    ['2026-03-10T03:00:00Z', 'Asia/Kolkata', '2026-03-11T02:30:00Z'],
  ])('daily: a notice at %s in %s is due at %s', (oldest, zone, due) => {
    expect(digestDueAt(new Date(oldest), 'daily', zone).toISOString()).toBe(new Date(due).toISOString());
  });

  it.each([
    // 10 March 2026 is a Tuesday: the next Monday is 16 March.
    ['2026-03-10T12:00:00Z', 'UTC', '2026-03-16T08:00:00Z'],
    ['2026-03-16T07:59:00Z', 'UTC', '2026-03-16T08:00:00Z'],
    ['2026-03-16T08:00:00Z', 'UTC', '2026-03-23T08:00:00Z'],
    // Sunday evening in Los Angeles is Monday in UTC, but the digest follows the member's clock.
    ['2026-03-16T02:00:00Z', 'America/Los_Angeles', '2026-03-16T15:00:00Z'],
    ['2026-03-27T12:00:00Z', 'Europe/Berlin', '2026-03-30T06:00:00Z'],
  ])('weekly: a notice at %s in %s is due at %s', (oldest, zone, due) => {
    expect(digestDueAt(new Date(oldest), 'weekly', zone).toISOString()).toBe(new Date(due).toISOString());
  });
});
