import { describe, expect, it } from 'vitest';
import {
  type BookableSettings,
  type BookableWindow,
  freeSlots,
  isFreeSlot,
  localWeekOf,
  parseClock,
} from '#features/bookable-time/free-slots.ts';

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const settings = (over: Partial<BookableSettings> = {}): BookableSettings => ({
  zone: 'Europe/Berlin',
  sessionMinutes: 30,
  bufferMinutes: 0,
  horizonDays: 14,
  weeklyCap: 40,
  ...over,
});
const tuesday17to19: BookableWindow = { weekday: 2, startMinute: 17 * 60, endMinute: 19 * 60 };
const local = (d: Date, zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);

describe('free slots of weekly windows', () => {
  it('cuts a window into sessions with the buffer between them', () => {
    const now = new Date('2026-06-01T00:00:00Z'); // a Monday
    const slots = freeSlots(settings({ bufferMinutes: 15, horizonDays: 2 }), [tuesday17to19], [], [], now);
    // 17:00, 17:45, 18:30 would end at 19:00: fits; Berlin is UTC+2 in June.
    expect(slots.map(iso)).toEqual([
      '2026-06-02T15:00:00.000Z',
      '2026-06-02T15:45:00.000Z',
      '2026-06-02T16:30:00.000Z',
    ]);
  });

  it('keeps Tuesdays 17:00 local across the spring change in Berlin (UTC+1 → UTC+2)', () => {
    const now = new Date('2026-03-20T00:00:00Z');
    const slots = freeSlots(settings({ sessionMinutes: 120, horizonDays: 14 }), [tuesday17to19], [], [], now);
    expect(slots.map(iso)).toEqual(['2026-03-24T16:00:00.000Z', '2026-03-31T15:00:00.000Z']);
    for (const s of slots) expect(local(s, 'Europe/Berlin')).toBe('Tue 17:00');
  });

  it('keeps the local time across the autumn change in New York (UTC-4 → UTC-5)', () => {
    const now = new Date('2026-10-26T00:00:00Z'); // Sunday evening in New York
    const monday9: BookableWindow = { weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 };
    const slots = freeSlots(
      settings({ zone: 'America/New_York', sessionMinutes: 60, horizonDays: 10 }),
      [monday9],
      [],
      [],
      now,
    );
    // 26 October is still daylight time; 1 November turns the clocks back.
    expect(slots.map(iso)).toEqual(['2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
    for (const s of slots) expect(local(s, 'America/New_York')).toBe('Mon 09:00');
  });

  it('follows the southern hemisphere: Sydney leaves daylight saving in April', () => {
    const sunday10: BookableWindow = { weekday: 7, startMinute: 10 * 60, endMinute: 11 * 60 };
    const slots = freeSlots(
      settings({ zone: 'Australia/Sydney', sessionMinutes: 60, horizonDays: 14 }),
      [sunday10],
      [],
      [],
      new Date('2026-03-27T00:00:00Z'),
    );
    // 29 March: UTC+11; 5 April is the change day (03:00 → 02:00), 10:00 is already UTC+10.
    expect(slots.map(iso)).toEqual(['2026-03-28T23:00:00.000Z', '2026-04-05T00:00:00.000Z']);
  });

  it('makes a window that spans the skipped hour shorter that day, never a slot in the gap', () => {
    // Berlin skips 02:00–03:00 on Sunday 29 March 2026.
    const night: BookableWindow = { weekday: 7, startMinute: 60, endMinute: 4 * 60 };
    const slots = freeSlots(
      settings({ sessionMinutes: 60, horizonDays: 3 }),
      [night],
      [],
      [],
      new Date('2026-03-27T00:00:00Z'),
    );
    expect(slots.map((s) => local(s, 'Europe/Berlin'))).toEqual(['Sun 01:00', 'Sun 03:00']);
    expect(slots.map(iso)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('shows one instant to a requester in another zone, on their own day', () => {
    const slots = freeSlots(settings({ horizonDays: 2 }), [tuesday17to19], [], [], new Date('2026-06-01T00:00:00Z'));
    expect(local(slots[0]!, 'Asia/Tokyo')).toBe('Wed 00:00');
    expect(local(slots[0]!, 'America/Los_Angeles')).toBe('Tue 08:00');
  });

  it('leaves out booked sessions and busy events, buffer included on both sides', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const booked = [{ start: new Date('2026-06-02T15:30:00Z'), end: new Date('2026-06-02T16:00:00Z') }];
    const busy = [{ start: new Date('2026-06-02T16:40:00Z'), end: new Date('2026-06-02T18:00:00Z') }];
    const slots = freeSlots(settings({ bufferMinutes: 0, horizonDays: 2 }), [tuesday17to19], booked, busy, now);
    expect(slots.map(iso)).toEqual(['2026-06-02T15:00:00.000Z', '2026-06-02T16:00:00.000Z']);
    const buffered = freeSlots(settings({ bufferMinutes: 10, horizonDays: 2 }), [tuesday17to19], booked, [], now);
    // Steps of 40 min: 17:00 ends as the booking starts and 17:40 starts 10 min into it, with no room for the buffer.
    expect(buffered.map(iso)).toEqual(['2026-06-02T16:20:00.000Z']);
  });

  it('offers nothing in a week that holds the cap, and counts weeks in the helper’s zone', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const windows: BookableWindow[] = [tuesday17to19, { weekday: 4, startMinute: 17 * 60, endMinute: 18 * 60 }];
    const booked = [{ start: new Date('2026-06-04T15:00:00Z'), end: new Date('2026-06-04T15:30:00Z') }];
    const capped = freeSlots(settings({ weeklyCap: 1, horizonDays: 9 }), windows, booked, [], now);
    expect(capped.map(iso)).toEqual([
      '2026-06-09T15:00:00.000Z',
      '2026-06-09T15:30:00.000Z',
      '2026-06-09T16:00:00.000Z',
      '2026-06-09T16:30:00.000Z',
    ]);
    // Sunday 23:30 in Auckland is still the same local week; its Monday is the next.
    const sunday = new Date('2026-06-07T11:30:00Z');
    expect(localWeekOf(sunday, 'Pacific/Auckland')).toBe(
      localWeekOf(new Date('2026-06-01T00:00:00Z'), 'Pacific/Auckland'),
    );
    expect(localWeekOf(new Date('2026-06-07T12:30:00Z'), 'Pacific/Auckland')).toBe(
      localWeekOf(sunday, 'Pacific/Auckland') + 7,
    );
  });

  it('starts no sooner than twelve hours ahead and no later than the horizon', () => {
    const now = new Date('2026-06-02T06:00:00Z'); // Tuesday 08:00 in Berlin: 17:00 is only 9 h away
    const slots = freeSlots(settings({ horizonDays: 8 }), [tuesday17to19], [], [], now);
    expect(slots.every((s) => s.getTime() >= now.getTime() + 12 * HOUR)).toBe(true);
    expect(slots.map(iso)[0]).toBe('2026-06-09T15:00:00.000Z');
    expect(slots).toHaveLength(4);
  });

  it('accepts a pick only when it is exactly one of the slots', () => {
    const slots = freeSlots(settings({ horizonDays: 2 }), [tuesday17to19], [], [], new Date('2026-06-01T00:00:00Z'));
    expect(isFreeSlot(slots, new Date('2026-06-02T15:30:00Z'))).toBe(true);
    expect(isFreeSlot(slots, new Date('2026-06-02T15:31:00Z'))).toBe(false);
  });

  it('reads clock times, midnight at the end of the day included', () => {
    expect(parseClock('17:00')).toBe(1020);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('7:05')).toBe(425);
    expect(parseClock('24:30')).toBeNull();
    expect(parseClock('12:60')).toBeNull();
    expect(parseClock('noon')).toBeNull();
  });
});
