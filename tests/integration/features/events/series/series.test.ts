import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { duplicateValues } from '#features/events/event-duplicate.service.ts';
import { rsvp } from '#features/events/rsvp.service.ts';
import {
  createEventOrSeries,
  publishSeries,
  skipOccurrence,
  updateFollowing,
  updateOneOccurrence,
} from '#features/events/series/series.service.ts';
import { getSeriesPage, seriesIcs, seriesNoteFor } from '#features/events/series/series-views.service.ts';
import { followTopic } from '#features/follows/follows.service.ts';
import { isAppError } from '#server/errors.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor } from '../../requests/helpers.ts';

// Tuesday 3 March 2026, before Berlin's clocks go forward on 29 March.
const NOW = new Date('2026-03-01T12:00:00Z');

function form(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Rust Berlin meetup',
    kind: 'meetup' as const,
    description: 'Talks and pizza.',
    topics: 'Rust',
    format: 'in_person' as const,
    venue: 'c-base, Rungestraße 20, Berlin',
    startsAt: '2026-03-03T19:00',
    endsAt: '2026-03-03T21:00',
    timezone: 'Europe/Berlin',
    capacity: 30,
    repeat: 'weekly' as const,
    interval: 1,
    until: '2026-04-14',
    ...overrides,
  };
}

async function makeSeries(organizer: Member, overrides: Record<string, unknown> = {}) {
  const { slug } = await createEventOrSeries(as(organizer), form(overrides), NOW);
  return { slug, page: await getSeriesPage(as(organizer), slug, NOW) };
}

const startsOf = (page: Awaited<ReturnType<typeof getSeriesPage>>) =>
  page.dates.filter((d) => d.status !== 'skipped').map((d) => d.when!.primary);

describe('a recurring series', () => {
  it('makes one draft event per date at the same local time across the clock change, private until published', async () => {
    const organizer = await createMember({ timezone: 'Europe/Berlin' });
    const { slug, page } = await makeSeries(organizer);
    expect(page.words).toBe('Every Tuesday at 19:00 (Europe/Berlin)');
    expect(page.dates).toHaveLength(7);
    expect(page.dates.every((d) => d.status === 'draft')).toBe(true);
    expect(page.dates.map((d) => d.when!.primary)).toEqual([
      'Tue, 3 Mar 2026, 19:00–21:00',
      'Tue, 10 Mar 2026, 19:00–21:00',
      'Tue, 17 Mar 2026, 19:00–21:00',
      'Tue, 24 Mar 2026, 19:00–21:00',
      'Tue, 31 Mar 2026, 19:00–21:00',
      'Tue, 7 Apr 2026, 19:00–21:00',
      'Tue, 14 Apr 2026, 19:00–21:00',
    ]);
    const stranger = await createMember();
    const hidden = await getSeriesPage(as(stranger), slug, NOW).catch((e: unknown) => e);
    expect(isAppError(hidden) && hidden.code).toBe('NOT_FOUND');
    expect(isAppError(await getSeriesPage(null, slug, NOW).catch((e: unknown) => e))).toBe(true);
  });

  it('refuses a pattern that does not fit, beside its field, and saves nothing', async () => {
    const organizer = await createMember();
    const tooLong = await createEventOrSeries(as(organizer), form({ until: '2027-06-01' }), NOW).catch(
      (e: unknown) => e,
    );
    expect(isAppError(tooLong) && tooLong.fields.until).toMatch(/up to a year/);
    const notLast = await createEventOrSeries(as(organizer), form({ repeat: 'monthly-last' }), NOW).catch(
      (e: unknown) => e,
    );
    expect(isAppError(notLast) && notLast.fields.repeat).toMatch(/matches the first date/);
    const missing = await createEventOrSeries(as(organizer), form({ until: undefined }), NOW).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.fields.until).toBe('Enter the last date it may repeat on.');
  });

  it('repeats monthly on the fifth Tuesday, skipping months without one', async () => {
    const organizer = await createMember({ timezone: 'Europe/Berlin' });
    const { page } = await makeSeries(organizer, {
      repeat: 'monthly',
      startsAt: '2026-03-31T19:00',
      endsAt: '2026-03-31T21:00',
      until: '2026-12-31',
    });
    expect(page.words).toBe('Monthly on the fifth Tuesday at 19:00 (Europe/Berlin)');
    expect(startsOf(page)).toEqual([
      'Tue, 31 Mar 2026, 19:00–21:00',
      'Tue, 30 Jun 2026, 19:00–21:00',
      'Tue, 29 Sept 2026, 19:00–21:00',
      'Tue, 29 Dec 2026, 19:00–21:00',
    ]);
  });

  it('publishes every date at once and tells followers once, about the series', async () => {
    const organizer = await createMember({ displayName: 'Rita Rust' });
    const follower = await createMember({ timezone: 'Europe/Berlin' });
    await followTopic(as(follower), { topic: 'Rust' });
    const { slug, page } = await makeSeries(organizer);
    await publishSeries(as(organizer), page.series.id, NOW);
    const after = await getSeriesPage(null, slug, NOW);
    expect(after.dates.every((d) => d.status === 'published')).toBe(true);
    const notices = (await noticesFor(follower.id)).filter((n) => n.kind.startsWith('follow.'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'follow.series', url: `/events/series/${slug}` });
    expect(notices[0]!.title).toBe('New meetup series on Rust: Rust Berlin meetup');
    expect(notices[0]!.body).toContain('Every Tuesday at 19:00');
    expect((await getSeriesPage(as(organizer), slug, NOW)).reach).toBe(1);
    const again = await publishSeries(as(organizer), page.series.id, NOW).catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('CONFLICT');
  });

  it('skips one date (cancelling it for those going) and moves another on its own, as the calendar file says', async () => {
    const organizer = await createMember();
    const attendee = await createMember();
    const { slug, page } = await makeSeries(organizer);
    await publishSeries(as(organizer), page.series.id, NOW);
    const second = page.dates[1]!;
    const third = page.dates[2]!;
    await rsvp(as(attendee), second.eventId!, NOW);
    await skipOccurrence(as(organizer), second.eventId!, 'Venue closed', NOW);
    expect((await noticesFor(attendee.id)).map((n) => n.kind)).toContain('event.cancelled');
    await updateOneOccurrence(
      as(organizer),
      third.eventId!,
      { ...form(), startsAt: '2026-03-18T18:30', endsAt: '2026-03-18T20:30' },
      NOW,
    );
    const after = await getSeriesPage(as(organizer), slug, NOW);
    expect(after.dates[1]!.status).toBe('cancelled');
    expect(after.dates[2]).toMatchObject({ moved: true, changed: true });

    const ics = (await seriesIcs(null, slug)).body;
    expect(ics).toContain('RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20260414T170000Z');
    expect(ics).toContain('EXDATE;TZID=Europe/Berlin:20260310T190000');
    expect(ics).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260317T190000');
    expect(ics).toContain('BEGIN:VTIMEZONE');
    // A calendar app reading it lands on every date as it really is.
    const cal = new ICAL.Component(ICAL.parse(ics));
    for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const master = events.find((e) => e.isRecurring())!;
    for (const ex of events.filter((e) => e.isRecurrenceException())) master.relateException(ex);
    const it = master.iterator();
    const read: string[] = [];
    for (let t = it.next(); t; t = it.next())
      read.push(master.getOccurrenceDetails(t).startDate.toJSDate().toISOString());
    const live = (await getSeriesPage(as(organizer), slug, NOW)).dates.filter((d) => d.status === 'published');
    expect(read).toHaveLength(live.length);
    expect(read[1]).toBe('2026-03-18T17:30:00.000Z');
  });

  it('changes this and all following dates: the earlier part stays, attendees of later dates are told', async () => {
    const organizer = await createMember();
    const attendee = await createMember();
    const { slug, page } = await makeSeries(organizer);
    await publishSeries(as(organizer), page.series.id, NOW);
    const fifth = page.dates[4]!;
    await rsvp(as(attendee), page.dates[5]!.eventId!, NOW);
    await updateFollowing(
      as(organizer),
      {
        ...form(),
        eventId: fifth.eventId!,
        title: 'Rust Berlin meetup (new venue)',
        venue: 'Factory, Lohmühlenstraße 65',
        startsAt: '2026-03-31T18:30',
        endsAt: '2026-03-31T20:30',
        until: '2026-04-28',
      },
      NOW,
    );
    const earlier = await getSeriesPage(null, slug, NOW);
    expect(earlier.dates).toHaveLength(4);
    expect(earlier.next).not.toBeNull();
    expect(earlier.template.title).toBe('Rust Berlin meetup');
    const later = await getSeriesPage(null, earlier.next!.slug, NOW);
    expect(later.words).toBe('Every Tuesday at 18:30 (Europe/Berlin)');
    expect(later.template.title).toBe('Rust Berlin meetup (new venue)');
    expect(startsOf(later)).toEqual([
      'Tue, 31 Mar 2026, 18:30–20:30',
      'Tue, 7 Apr 2026, 18:30–20:30',
      'Tue, 14 Apr 2026, 18:30–20:30',
      'Tue, 21 Apr 2026, 18:30–20:30',
      'Tue, 28 Apr 2026, 18:30–20:30',
    ]);
    expect(later.dates.every((d) => d.status === 'published')).toBe(true);
    const told = (await noticesFor(attendee.id)).find((n) => n.kind === 'event.updated');
    expect(told?.body).toContain('New time');
    const note = await seriesNoteFor(null, later.dates[1]!.eventId!);
    expect(note).toMatchObject({ position: 2, total: 5 });
    // Shortening cancels the dates past the new end.
    await updateFollowing(
      as(organizer),
      {
        ...form(),
        eventId: later.dates[1]!.eventId!,
        title: 'Rust Berlin meetup (new venue)',
        startsAt: '2026-04-07T18:30',
        endsAt: '2026-04-07T20:30',
        until: '2026-04-14',
      },
      NOW,
    );
    const shorter = await getSeriesPage(as(organizer), earlier.next!.slug, NOW);
    expect(shorter.next).not.toBeNull();
    const last = await getSeriesPage(as(organizer), shorter.next!.slug, NOW);
    expect(last.dates.map((d) => d.status)).toEqual(['published', 'published', 'cancelled', 'cancelled']);
  });

  it('refuses "this and following" that moves the date, and lets only the organiser change anything', async () => {
    const organizer = await createMember();
    const other = await createMember();
    const { page } = await makeSeries(organizer);
    const id = page.dates[2]!.eventId!;
    const moved = await updateFollowing(
      as(organizer),
      { ...form(), eventId: id, startsAt: '2026-03-18T19:00', endsAt: '2026-03-18T21:00' },
      NOW,
    ).catch((e: unknown) => e);
    expect(isAppError(moved) && moved.fields.startsAt).toMatch(/Keep the date/);
    for (const attempt of [
      () =>
        updateFollowing(
          as(other),
          { ...form(), eventId: id, startsAt: '2026-03-17T19:00', endsAt: '2026-03-17T21:00' },
          NOW,
        ),
      () => skipOccurrence(as(other), id, undefined, NOW),
      () => publishSeries(as(other), page.series.id, NOW),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('NOT_FOUND');
    }
  });
});

describe('duplicate', () => {
  it('fills the form with the same details a week after today, organiser only', async () => {
    const organizer = await createMember();
    const { page } = await makeSeries(organizer);
    const slug = page.dates[0]!.slug!;
    const copy = await duplicateValues(as(organizer), slug, new Date('2026-03-20T12:00:00Z'));
    expect(copy.values).toMatchObject({
      title: 'Rust Berlin meetup',
      startsAt: '2026-03-24T19:00',
      endsAt: '2026-03-24T21:00',
      repeat: 'none',
    });
    const other = await createMember();
    const error = await duplicateValues(as(other), slug).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
  });
});
