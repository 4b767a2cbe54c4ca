import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  checkPattern,
  describeRule,
  expandSeries,
  placeInMonth,
  type RecurrenceRule,
  seriesDates,
  toRRule,
} from '#features/events/series/recurrence.ts';
import { buildCalendar } from '#server/calendar/ics.ts';

const weekly = (interval = 1): RecurrenceRule => ({ frequency: 'weekly', interval });
const monthly = (nth: number): RecurrenceRule => ({ frequency: 'monthly', nth });

describe('the dates of a series', () => {
  it.each([
    [
      'every week',
      weekly(),
      '2026-03-10',
      '2026-04-07',
      ['2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07'],
    ],
    [
      'every two weeks',
      weekly(2),
      '2026-03-10',
      '2026-05-10',
      ['2026-03-10', '2026-03-24', '2026-04-07', '2026-04-21', '2026-05-05'],
    ],
    [
      'every three weeks across a year end',
      weekly(3),
      '2026-12-15',
      '2027-02-01',
      ['2026-12-15', '2027-01-05', '2027-01-26'],
    ],
    [
      'second Tuesday',
      monthly(2),
      '2026-03-10',
      '2026-08-31',
      ['2026-03-10', '2026-04-14', '2026-05-12', '2026-06-09', '2026-07-14', '2026-08-11'],
    ],
    // 31 March 2026 is the fifth Tuesday: only June, September and December 2026 and March 2027 have one too.
    [
      'fifth Tuesday',
      monthly(5),
      '2026-03-31',
      '2027-03-30',
      ['2026-03-31', '2026-06-30', '2026-09-29', '2026-12-29', '2027-03-30'],
    ],
    [
      'last Tuesday',
      monthly(-1),
      '2026-03-31',
      '2026-07-31',
      ['2026-03-31', '2026-04-28', '2026-05-26', '2026-06-30', '2026-07-28'],
    ],
    // 29 January 2026 is the fifth Thursday; February 2026 has four, so it is skipped, not moved.
    ['fifth Thursday over February', monthly(5), '2026-01-29', '2026-05-31', ['2026-01-29', '2026-04-30']],
    [
      'last Friday of a leap February',
      monthly(-1),
      '2028-01-28',
      '2028-03-31',
      ['2028-01-28', '2028-02-25', '2028-03-31'],
    ],
    ['first Monday', monthly(1), '2026-01-05', '2026-04-30', ['2026-01-05', '2026-02-02', '2026-03-02', '2026-04-06']],
  ])('%s', (_, rule, first, until, expected) => {
    expect(seriesDates(rule, first, until)).toEqual(expected);
  });

  it('says where a date sits in its month', () => {
    expect(placeInMonth('2026-03-10')).toEqual({ nth: 2, isLast: false });
    expect(placeInMonth('2026-03-31')).toEqual({ nth: 5, isLast: true });
    expect(placeInMonth('2026-02-24')).toEqual({ nth: 4, isLast: true });
    expect(placeInMonth('2026-03-24')).toEqual({ nth: 4, isLast: false });
  });
});

describe('local time across daylight-saving changes', () => {
  it.each([
    // zone, first date, time, expected UTC starts
    [
      'Europe/Berlin',
      '2026-03-17',
      '19:00',
      ['2026-03-17T18:00:00Z', '2026-03-24T18:00:00Z', '2026-03-31T17:00:00Z', '2026-04-07T17:00:00Z'],
    ],
    [
      'Europe/Berlin',
      '2026-10-20',
      '19:00',
      ['2026-10-20T17:00:00Z', '2026-10-27T18:00:00Z', '2026-11-03T18:00:00Z', '2026-11-10T18:00:00Z'],
    ],
    [
      'America/New_York',
      '2026-03-03',
      '18:30',
      ['2026-03-03T23:30:00Z', '2026-03-10T22:30:00Z', '2026-03-17T22:30:00Z', '2026-03-24T22:30:00Z'],
    ],
    [
      'America/New_York',
      '2026-10-27',
      '09:00',
      ['2026-10-27T13:00:00Z', '2026-11-03T14:00:00Z', '2026-11-10T14:00:00Z', '2026-11-17T14:00:00Z'],
    ],
    // Sydney leaves daylight saving on 5 April 2026 and starts it again on 4 October.
    [
      'Australia/Sydney',
      '2026-03-31',
      '18:00',
      ['2026-03-31T07:00:00Z', '2026-04-07T08:00:00Z', '2026-04-14T08:00:00Z', '2026-04-21T08:00:00Z'],
    ],
    [
      'Australia/Sydney',
      '2026-09-29',
      '18:00',
      ['2026-09-29T08:00:00Z', '2026-10-06T07:00:00Z', '2026-10-13T07:00:00Z', '2026-10-20T07:00:00Z'],
    ],
    [
      'Asia/Kolkata',
      '2026-03-24',
      '19:00',
      ['2026-03-24T13:30:00Z', '2026-03-31T13:30:00Z', '2026-04-07T13:30:00Z', '2026-04-14T13:30:00Z'],
    ],
  ])('%s, weekly from %s at %s', (zone, first, time, expected) => {
    const occurrences = expandSeries({
      rule: weekly(),
      firstDate: first,
      untilDate: seriesDates(weekly(), first, '2030-01-01')[3]!,
      startTime: time,
      durationMinutes: 120,
      zone,
    });
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(expected.map((e) => new Date(e).toISOString()));
    expect(occurrences.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 2 * 3_600_000)).toBe(true);
  });

  it('starts a date whose local time does not exist after the jump, and takes the first of a doubled hour', () => {
    const spring = expandSeries({
      rule: weekly(),
      firstDate: '2026-03-22',
      untilDate: '2026-04-05',
      startTime: '02:30',
      durationMinutes: 60,
      zone: 'Europe/Berlin',
    });
    expect(spring.map((o) => [o.startsAt.toISOString(), o.shifted])).toEqual([
      ['2026-03-22T01:30:00.000Z', false],
      ['2026-03-29T01:30:00.000Z', true],
      ['2026-04-05T00:30:00.000Z', false],
    ]);
    const autumn = expandSeries({
      rule: weekly(),
      firstDate: '2026-10-18',
      untilDate: '2026-10-25',
      startTime: '02:30',
      durationMinutes: 60,
      zone: 'Europe/Berlin',
    });
    expect(autumn.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-10-18T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
    ]);
  });
});

describe('what a series may be', () => {
  it.each([
    [weekly(), '2026-03-10', '2026-03-31', '19:00', true],
    [weekly(13), '2026-03-10', '2026-12-31', '19:00', 'interval'],
    [weekly(), '2026-03-10', '2027-03-20', '19:00', 'until'],
    [weekly(), '2026-03-10', '2026-03-01', '19:00', 'until'],
    [weekly(4), '2026-03-10', '2026-03-20', '19:00', 'until'],
    [monthly(2), '2026-03-10', '2026-06-30', '19:00', true],
    [monthly(3), '2026-03-10', '2026-06-30', '19:00', 'repeat'],
    [monthly(-1), '2026-03-24', '2026-06-30', '19:00', 'repeat'],
    [monthly(-1), '2026-03-31', '2026-06-30', '19:00', true],
    [weekly(), 'not-a-date', '2026-06-30', '19:00', 'repeat'],
    [weekly(), '2026-03-10', '2026-06-30', '25:00', 'repeat'],
  ])('%j from %s to %s at %s → %s', (rule, first, until, time, expected) => {
    const result = checkPattern(rule, first, until, time);
    expect(result.ok ? true : result.field).toBe(expected);
  });

  it('describes itself in words and as an RRULE', () => {
    expect(describeRule(weekly(), '2026-03-10', '19:00')).toBe('Every Tuesday at 19:00');
    expect(describeRule(weekly(2), '2026-03-10')).toBe('Every 2 weeks on Tuesday');
    expect(describeRule(monthly(5), '2026-03-31')).toBe('Monthly on the fifth Tuesday');
    expect(describeRule(monthly(-1), '2026-03-27')).toBe('Monthly on the last Friday');
    const until = new Date('2026-12-29T18:00:00Z');
    expect(toRRule(weekly(2), '2026-03-10', until)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261229T180000Z');
    expect(toRRule(monthly(-1), '2026-03-31', until)).toBe('FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20261229T180000Z');
  });
});

/** The starts a calendar app computes from a .ics (ical.js, Mozilla's parser), including exceptions. */
function startsFromIcs(ics: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const master = vevents.find((e) => e.isRecurring())!;
  for (const ex of vevents.filter((e) => e.isRecurrenceException())) master.relateException(ex);
  const iterator = master.iterator();
  const out: string[] = [];
  for (let next = iterator.next(); next && out.length < 100; next = iterator.next()) {
    out.push(master.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
  }
  return out;
}

describe('a series in a calendar file, read back by a calendar app', () => {
  it.each([
    ['Europe/Berlin', weekly(), '2026-03-03', '2026-04-14', '19:00'],
    ['America/New_York', weekly(2), '2026-02-24', '2026-04-30', '18:30'],
    ['Australia/Sydney', monthly(1), '2026-02-03', '2026-11-30', '18:00'],
    ['Europe/Berlin', monthly(5), '2026-03-31', '2027-03-30', '19:00'],
    ['Europe/London', monthly(-1), '2026-01-27', '2026-12-31', '18:30'],
  ])(
    '%s: the RRULE lands on the same instants, across daylight saving, with a skipped and a moved date',
    (zone, rule, first, until, time) => {
      const occurrences = expandSeries({
        rule,
        firstDate: first,
        untilDate: until,
        startTime: time,
        durationMinutes: 90,
        zone,
      });
      const skipped = occurrences[1]!;
      const moved = occurrences[2]!;
      const movedTo = new Date(moved.startsAt.getTime() + 26 * 3_600_000);
      const base = {
        summary: 'Meetup',
        sequence: 1,
        status: 'CONFIRMED' as const,
        updatedAt: new Date('2026-01-01T00:00:00Z'),
      };
      const ics = buildCalendar([
        {
          ...base,
          uid: 'series-1@whoknows',
          start: occurrences[0]!.startsAt,
          end: occurrences[0]!.endsAt,
          timezone: zone,
          rrule: toRRule(rule, first, occurrences.at(-1)!.startsAt),
          exdates: [skipped.startsAt],
        },
        {
          ...base,
          uid: 'series-1@whoknows',
          start: movedTo,
          end: new Date(movedTo.getTime() + 90 * 60_000),
          timezone: zone,
          recurrenceId: moved.startsAt,
        },
      ]);
      const expected = occurrences
        .filter((o) => o !== skipped)
        .map((o) => (o === moved ? movedTo : o.startsAt).toISOString());
      expect(startsFromIcs(ics)).toEqual(expected);
    },
  );
});
