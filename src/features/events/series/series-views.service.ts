import { announcementReach } from '#features/follows/follows.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { buildCalendar } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { notFound } from '#server/errors.ts';
import { describeWhen } from '../event-times.ts';
import { zoneFor } from '../event-views.service.ts';
import { canViewEvent } from '../event-visibility.ts';
import * as repo from '../events.repo.ts';
import { freeSeats } from '../waitlist.ts';
import { describeRule } from './recurrence.ts';
import * as seriesRepo from './series.repo.ts';
import { seriesCalendarEntries } from './series-calendar.ts';
import { ruleOf } from './series-rule.ts';

/** Which dates of a series this viewer may see: each date by the events' own rule (drafts, hidden, withdrawn organiser). */
async function datesVisibleTo(viewer: Viewer, organizerId: string, dates: { event: repo.EventRow | null }[]) {
  const first = dates.find((d) => d.event)?.event;
  const organizer = first ? await repo.organizerOf(first.id) : undefined;
  const relation = viewer?.id === organizerId ? 'organizer' : 'member';
  return (e: repo.EventRow) => organizer !== undefined && canViewEvent(e, relation, viewer, organizer);
}

/** A series and its dates as this viewer may see them, or NOT_FOUND (a draft series is its organiser's only). */
async function loadSeries(viewer: Viewer, slug: string) {
  const series = await seriesRepo.findSeriesBySlug(slug);
  if (!series) throw notFound('We could not find that series.');
  const isOrganizer = viewer?.id === series.organizerId;
  const dates = await seriesRepo.occurrencesOf(series.id);
  const visible = await datesVisibleTo(viewer, series.organizerId, dates);
  if (!dates.some((d) => d.event && visible(d.event))) throw notFound('We could not find that series.');
  return { series, dates, isOrganizer, visible };
}

/** "Every Tuesday at 19:00 (Europe/Berlin)". */
export function seriesWords(series: seriesRepo.SeriesRow): string {
  return `${describeRule(ruleOf(series), series.firstDate, series.startTime)} (${series.timezone.replace(/_/g, ' ')})`;
}

/** Everything /events/series/<slug> shows. */
export async function getSeriesPage(viewer: Viewer, slug: string, now = new Date()) {
  const { series, dates, isOrganizer, visible } = await loadSeries(viewer, slug);
  const zone = await zoneFor(viewer);
  const shown = dates.filter((d) => (d.event ? visible(d.event) : isOrganizer));
  const template = shown.find((d) => d.event)!.event!;
  const [topics, organizer, previous, next, reach] = await Promise.all([
    repo.topicsFor([template.id]).then((m) => m.get(template.id) ?? []),
    repo.organizerOf(template.id),
    series.continuesId ? seriesRepo.findSeriesById(series.continuesId) : undefined,
    seriesRepo.continuationOf(series.id),
    isOrganizer ? announcementReach('series', series.id) : Promise.resolve(null),
  ]);
  return {
    series,
    template,
    words: seriesWords(series),
    topics,
    organizerName: organizer?.displayName ?? 'A community member',
    isOrganizer,
    drafts: shown.filter((d) => d.event?.status === 'draft').length,
    reach,
    previous: previous ? { slug: previous.slug } : null,
    next: next ? { slug: next.slug } : null,
    dates: shown.map((d) => {
      const e = d.event;
      return {
        original: d.occurrence.originalStartsAt,
        eventId: e?.id ?? null,
        slug: e?.slug ?? null,
        status: e?.status ?? ('skipped' as const),
        when: e ? describeWhen(e.startsAt, e.endsAt, e.timezone, zone) : null,
        moved: e ? e.startsAt.getTime() !== d.occurrence.originalStartsAt.getTime() : false,
        changed: d.occurrence.detached,
        past: e ? e.endsAt.getTime() <= now.getTime() : d.occurrence.originalStartsAt.getTime() <= now.getTime(),
        going: e?.goingCount ?? 0,
        seatsLeft: e ? freeSeats(e.capacity, e.goingCount) : 0,
      };
    }),
  };
}

export type SeriesPage = Awaited<ReturnType<typeof getSeriesPage>>;

/** The series as one calendar file: its rule, skipped dates and dates changed on their own. */
export async function seriesIcs(viewer: Viewer, slug: string): Promise<{ filename: string; body: string }> {
  const { series, dates, isOrganizer, visible } = await loadSeries(viewer, slug);
  const entries = seriesCalendarEntries(series, ruleOf(series), dates, {
    siteOrigin: config().siteOrigin,
    includeOnlineLink: isOrganizer,
    visible,
  });
  if (entries.length === 0) throw notFound('We could not find that series.');
  return {
    filename: `${series.slug}.ics`,
    body: buildCalendar(entries, { name: entries[0]!.summary, timezone: series.timezone }),
  };
}

/** For an event page: the series the event is a date of, with its place in it; null for a single event. */
export async function seriesNoteFor(viewer: Viewer, eventId: string) {
  const found = await seriesRepo.occurrenceOfEvent(eventId);
  if (!found) return null;
  const isOrganizer = viewer?.id === found.series.organizerId;
  const all = await seriesRepo.occurrencesOf(found.series.id);
  const visible = await datesVisibleTo(viewer, found.series.organizerId, all);
  const dates = all.filter((d) => d.event && visible(d.event));
  const index = dates.findIndex((d) => d.event?.id === eventId);
  return {
    id: found.series.id,
    slug: found.series.slug,
    words: seriesWords(found.series),
    position: index + 1,
    total: dates.length,
    previous: index > 0 ? dates[index - 1]!.event!.slug : null,
    next: index >= 0 && index < dates.length - 1 ? dates[index + 1]!.event!.slug : null,
    isOrganizer,
  };
}

/** Whether a series still has a published date ahead (digests leave out series that ended or were called off). */
export async function seriesStillOn(slug: string, now = new Date()): Promise<boolean> {
  const series = await seriesRepo.findSeriesBySlug(slug);
  if (!series) return false;
  const dates = await seriesRepo.occurrencesOf(series.id);
  return dates.some((d) => d.event?.status === 'published' && d.event.endsAt.getTime() > now.getTime());
}

/** How many followers an event reached when it was published (its series', for a date of one); organisers only. */
export async function followReachFor(eventId: string, seriesId: string | null): Promise<number | null> {
  return seriesId ? announcementReach('series', seriesId) : announcementReach('event', eventId);
}
