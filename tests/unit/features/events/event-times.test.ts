import { describe, expect, it } from 'vitest';
import { dayKey, describeWhen, formatRange, validateEventTimes } from '#features/events/event-times.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('event times entered in the organiser’s zone', () => {
  it('converts wall-clock times to UTC with the offset in force on the day', () => {
    const winter = validateEventTimes('2026-03-10T18:30', '2026-03-10T20:00', 'Europe/Berlin', now);
    expect(winter).toEqual({
      ok: true,
      startsAt: new Date('2026-03-10T17:30:00Z'),
      endsAt: new Date('2026-03-10T19:00:00Z'),
    });
    // After the spring change Berlin is UTC+2: the same wall time is an hour earlier in UTC.
    const summer = validateEventTimes('2026-04-10T18:30', '2026-04-10T20:00', 'Europe/Berlin', now);
    expect(summer).toEqual({
      ok: true,
      startsAt: new Date('2026-04-10T16:30:00Z'),
      endsAt: new Date('2026-04-10T18:00:00Z'),
    });
  });

  it('measures an event across the spring-forward jump in real time (01:30–03:30 is one hour)', () => {
    const result = validateEventTimes('2026-03-29T01:30', '2026-03-29T03:30', 'Europe/Berlin', now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.startsAt).toEqual(new Date('2026-03-29T00:30:00Z'));
    expect(result.endsAt).toEqual(new Date('2026-03-29T01:30:00Z'));
  });

  it('refuses a time that does not exist because the clocks jump forward', () => {
    const result = validateEventTimes('2026-03-29T02:30', '2026-03-29T04:00', 'Europe/Berlin', now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.startsAt).toMatch(/does not exist in Europe\/Berlin/);
    expect(result.fields.endsAt).toBeUndefined();
  });

  it('takes the first of two identical wall times when the clocks fall back', () => {
    // New York repeats 01:00–02:00 on 1 November 2026; 01:30 EDT is 05:30Z.
    const result = validateEventTimes('2026-11-01T01:30', '2026-11-01T03:00', 'America/New_York', now);
    expect(result).toEqual({
      ok: true,
      startsAt: new Date('2026-11-01T05:30:00Z'),
      endsAt: new Date('2026-11-01T08:00:00Z'),
    });
  });

  it('refuses an event that ends before (or when) it starts', () => {
    const before = validateEventTimes('2026-05-01T18:00', '2026-05-01T17:00', 'UTC', now);
    const same = validateEventTimes('2026-05-01T18:00', '2026-05-01T18:00', 'UTC', now);
    expect(before.ok === false && before.fields.endsAt).toBe('The event must end after it starts.');
    expect(same.ok === false && same.fields.endsAt).toBe('The event must end after it starts.');
  });

  it('refuses dates far in the past or future, and events longer than a week', () => {
    const past = validateEventTimes('2024-12-01T18:00', '2024-12-01T19:00', 'UTC', now);
    const future = validateEventTimes('2028-06-01T18:00', '2028-06-01T19:00', 'UTC', now);
    const long = validateEventTimes('2026-05-01T09:00', '2026-05-09T09:00', 'UTC', now);
    expect(past.ok === false && past.fields.startsAt).toMatch(/more than a year ago/);
    expect(future.ok === false && future.fields.startsAt).toMatch(/more than two years away/);
    expect(long.ok === false && long.fields.endsAt).toMatch(/at most 7 days/);
    // Within the window, recent past events are fine (recording one that happened).
    expect(validateEventTimes('2026-02-20T18:00', '2026-02-20T19:00', 'UTC', now).ok).toBe(true);
  });

  it('keeps an old event’s date when editing it without changing the start', () => {
    const old = new Date('2025-01-10T18:00:00Z');
    expect(validateEventTimes('2025-01-10T18:00', '2025-01-10T19:00', 'UTC', now).ok).toBe(false);
    expect(validateEventTimes('2025-01-10T18:00', '2025-01-10T19:00', 'UTC', now, old).ok).toBe(true);
  });

  it('refuses malformed input with a message for each field', () => {
    const result = validateEventTimes('soon', '', 'UTC', now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.startsAt).toMatch(/Enter the date and time it starts/);
    expect(result.fields.endsAt).toMatch(/Enter the date and time it ends/);
  });
});

describe('event times shown to a viewer', () => {
  const start = new Date('2026-03-28T17:00:00Z'); // Sat 18:00 in Berlin (UTC+1), the day before the change
  const end = new Date('2026-03-28T19:00:00Z');

  it('shows visitors the event’s zone with its UTC offset', () => {
    const when = describeWhen(start, end, 'Europe/Berlin', null);
    expect(when.primary).toBe('Sat, 28 Mar 2026, 18:00–20:00');
    expect(when.zoneLabel).toBe('Europe/Berlin (UTC+1)');
    expect(when.local).toBeNull();
  });

  it('uses the offset in force at the event, not today’s', () => {
    const after = describeWhen(
      new Date('2026-03-29T16:00:00Z'),
      new Date('2026-03-29T18:00:00Z'),
      'Europe/Berlin',
      null,
    );
    expect(after.primary).toBe('Sun, 29 Mar 2026, 18:00–20:00');
    expect(after.zoneLabel).toBe('Europe/Berlin (UTC+2)');
  });

  it('shows members their own time, and the event’s when the clocks differ', () => {
    const when = describeWhen(start, end, 'Europe/Berlin', 'America/New_York');
    // New York is already on daylight time (UTC−4) while Berlin is not yet: 5 hours apart that weekend.
    expect(when.primary).toBe('Sat, 28 Mar 2026, 13:00–15:00');
    expect(when.zoneLabel).toBe('your time, America/New York (UTC−4)');
    expect(when.local).toBe('Sat, 28 Mar 2026, 18:00–20:00 in Europe/Berlin (UTC+1)');
    expect(describeWhen(start, end, 'Europe/Berlin', 'Europe/Paris').local).toBeNull();
  });

  it('writes both dates when an event crosses midnight in the viewer’s zone', () => {
    expect(formatRange(start, end, 'Asia/Tokyo')).toBe('Sun, 29 Mar 2026, 02:00–04:00');
    expect(formatRange(new Date('2026-03-28T14:00:00Z'), end, 'Asia/Tokyo')).toBe(
      'Sat, 28 Mar 2026, 23:00 – Sun, 29 Mar 2026, 04:00',
    );
  });

  it('groups listings by the calendar day in the zone shown', () => {
    expect(dayKey(start, 'Europe/Berlin')).toBe('2026-03-28');
    expect(dayKey(start, 'Asia/Tokyo')).toBe('2026-03-29');
  });
});
