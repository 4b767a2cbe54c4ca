import type { CalendarEntry } from '#server/calendar/ics.ts';
import { eventCalendarEntry } from '../events.calendar.ts';
import type { EventRow } from '../events.repo.ts';
import { expandSeries, occurrenceAt, type RecurrenceRule, toRRule } from './recurrence.ts';
import type { OccurrenceRow, SeriesRow } from './series.repo.ts';

export interface SeriesDate {
  occurrence: OccurrenceRow;
  event: EventRow | null;
}

/** What a date shares with the series as a whole; a date that differs gets an entry of its own. */
function sameAsSeries(event: EventRow, template: EventRow, original: Date): boolean {
  return (
    event.startsAt.getTime() === original.getTime() &&
    event.endsAt.getTime() - event.startsAt.getTime() === template.endsAt.getTime() - template.startsAt.getTime() &&
    event.title === template.title &&
    event.kind === template.kind &&
    event.format === template.format &&
    event.description === template.description &&
    event.venue === template.venue &&
    event.onlineUrl === template.onlineUrl
  );
}

/**
 * A series as iCalendar entries with one UID: the rule (RRULE, in the organiser's zone
 * so the local time holds), the dates it leaves out (EXDATE: skipped, not public, or no
 * longer part of it), and a RECURRENCE-ID entry for each date moved or changed on its
 * own. `visible` says which dates the reader may see; the rest are left out.
 */
export function seriesCalendarEntries(
  series: SeriesRow,
  rule: RecurrenceRule,
  dates: SeriesDate[],
  options: { siteOrigin: string; includeOnlineLink: boolean; visible: (event: EventRow) => boolean },
): CalendarEntry[] {
  const shown = dates.filter((d) => d.event && d.event.status !== 'cancelled' && options.visible(d.event));
  const template = shown[0]?.event;
  if (!template) return [];
  const uid = `series-${series.id}@whoknows`;
  const zone = series.timezone;
  const pattern = {
    rule,
    firstDate: series.firstDate,
    untilDate: series.untilDate,
    startTime: series.startTime,
    durationMinutes: series.durationMinutes,
    zone,
  };
  const instances = expandSeries(pattern);
  if (instances.length === 0) return [];
  const first = occurrenceAt(series.firstDate, series.startTime, series.durationMinutes, zone);
  const shownByOriginal = new Map(shown.map((d) => [d.occurrence.originalStartsAt.getTime(), d.event!]));
  const entryOptions = { siteOrigin: options.siteOrigin, includeOnlineLink: options.includeOnlineLink };
  // The series as a whole links to its own page.
  const master = eventCalendarEntry({ ...template, slug: `series/${series.slug}` }, entryOptions);
  const entries: CalendarEntry[] = [
    {
      ...master,
      uid,
      start: first.startsAt,
      end: first.endsAt,
      timezone: zone,
      rrule: toRRule(rule, series.firstDate, instances.at(-1)!.startsAt),
      exdates: instances.filter((o) => !shownByOriginal.has(o.startsAt.getTime())).map((o) => o.startsAt),
      sequence: series.sequence,
      updatedAt: series.updatedAt,
    },
  ];
  for (const d of shown) {
    const event = d.event!;
    if (sameAsSeries(event, template, d.occurrence.originalStartsAt)) continue;
    entries.push({
      ...eventCalendarEntry(event, entryOptions),
      uid,
      timezone: zone,
      recurrenceId: d.occurrence.originalStartsAt,
    });
  }
  return entries;
}
