import { describe, expect, it } from 'vitest';
import { validateEventTimes } from '#features/events/event-times.ts';
import { eventCalendarEntry } from '#features/events/events.calendar.ts';
import { buildCalendar } from '#server/calendar/ics.ts';
import { icalDate, parseIcal, prop } from '#tests/helpers/ical.ts';

const times = validateEventTimes(
  '2026-03-29T10:00',
  '2026-03-29T12:30',
  'Europe/Berlin',
  new Date('2026-03-01T00:00:00Z'),
);
if (!times.ok) throw new Error('fixture times must be valid');

const event = {
  id: 'ev123',
  slug: 'rust-workshop',
  title: 'Rust workshop; bring a laptop, please',
  kind: 'workshop' as const,
  format: 'hybrid' as const,
  description: 'We **build** a CLI.\n\nBring Rust installed — see https://rustup.rs.',
  venue: 'Room 4, Main St. 1',
  onlineUrl: 'https://meet.example.org/rust',
  startsAt: times.startsAt,
  endsAt: times.endsAt,
  status: 'published' as const,
  sequence: 3,
  updatedAt: new Date('2026-03-02T09:15:00Z'),
  cancelReason: null,
};
const site = { siteOrigin: 'https://whoknows.example' };

function roundTrip(entry: ReturnType<typeof eventCalendarEntry>, timezone = 'Europe/Berlin') {
  const calendar = parseIcal(buildCalendar([entry], { name: entry.summary, timezone }));
  expect(calendar.events).toHaveLength(1);
  return { calendar, vevent: calendar.events[0]! };
}

describe('an event as an iCalendar file, parsed back', () => {
  it('has the right instants for times entered on the day the clocks change', () => {
    // 10:00 Berlin on 29 March 2026 is after the jump to UTC+2: 08:00Z.
    const { calendar, vevent } = roundTrip(eventCalendarEntry(event, { ...site, includeOnlineLink: true }));
    expect(icalDate(prop(vevent, 'DTSTART'))).toEqual(new Date('2026-03-29T08:00:00Z'));
    expect(icalDate(prop(vevent, 'DTEND'))).toEqual(new Date('2026-03-29T10:30:00Z'));
    expect(prop(calendar.props, 'X-WR-TIMEZONE')).toBe('Europe/Berlin');
    expect(prop(calendar.props, 'VERSION')).toBe('2.0');
  });

  it('keeps a stable UID, the sequence, status and escaped text', () => {
    const { vevent } = roundTrip(eventCalendarEntry(event, { ...site, includeOnlineLink: true }));
    expect(prop(vevent, 'UID')).toBe('event-ev123@whoknows');
    expect(prop(vevent, 'SEQUENCE')).toBe('3');
    expect(prop(vevent, 'STATUS')).toBe('CONFIRMED');
    expect(prop(vevent, 'SUMMARY')).toBe('Rust workshop; bring a laptop, please');
    expect(prop(vevent, 'URL')).toBe('https://whoknows.example/events/rust-workshop');
    expect(icalDate(prop(vevent, 'DTSTAMP'))).toEqual(event.updatedAt);
    expect(prop(vevent, 'DESCRIPTION')).toContain('We build a CLI.');
  });

  it('includes the online link only for people allowed to see it', () => {
    const withLink = roundTrip(eventCalendarEntry(event, { ...site, includeOnlineLink: true })).vevent;
    const without = roundTrip(eventCalendarEntry(event, { ...site, includeOnlineLink: false })).vevent;
    expect(prop(withLink, 'LOCATION')).toBe('Room 4, Main St. 1 · https://meet.example.org/rust');
    expect(prop(withLink, 'DESCRIPTION')).toContain('Join online: https://meet.example.org/rust');
    expect(prop(without, 'LOCATION')).toBe('Room 4, Main St. 1');
    expect(JSON.stringify(without)).not.toContain('meet.example.org');
  });

  it('marks a cancellation with STATUS:CANCELLED and a higher sequence', () => {
    const cancelled = { ...event, status: 'cancelled' as const, sequence: 4, cancelReason: 'Speaker ill.' };
    const { vevent } = roundTrip(eventCalendarEntry(cancelled, { ...site, includeOnlineLink: false }));
    expect(prop(vevent, 'STATUS')).toBe('CANCELLED');
    expect(prop(vevent, 'SEQUENCE')).toBe('4');
    expect(prop(vevent, 'SUMMARY')).toBe('Cancelled: Rust workshop; bring a laptop, please');
    expect(prop(vevent, 'DESCRIPTION')).toMatch(/^Cancelled\. Speaker ill\./);
  });

  it('says "Online" as the location of an online event for people without the link', () => {
    const online = { ...event, format: 'online' as const, venue: null };
    expect(prop(roundTrip(eventCalendarEntry(online, { ...site, includeOnlineLink: false })).vevent, 'LOCATION')).toBe(
      'Online',
    );
  });
});
