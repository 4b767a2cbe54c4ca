import type { MemberViewer } from '#features/members/viewer.ts';
import { toLocalInputValue, zonedTimeToUtc } from '#server/time/zones.ts';
import { getEventForEditing } from './event-views.service.ts';

const DAY_MS = 86_400_000;

/**
 * "Duplicate": the new-event form filled with an event's details (organiser only;
 * anyone else gets NOT_FOUND), on the same weekday and local time the first week
 * after today, so the organiser only checks the dates. Saving makes a new draft.
 */
export async function duplicateValues(viewer: MemberViewer, slug: string, now = new Date()) {
  const { event, values } = await getEventForEditing(viewer, slug);
  const [date, time] = toLocalInputValue(event.startsAt, event.timezone).split('T') as [string, string];
  const durationMs = event.endsAt.getTime() - event.startsAt.getTime();
  let day = Date.parse(`${date}T00:00:00Z`);
  let start: Date;
  do {
    day += 7 * DAY_MS;
    start = zonedTimeToUtc(`${new Date(day).toISOString().slice(0, 10)}T${time}`, event.timezone)!.instant;
  } while (start.getTime() <= now.getTime());
  return {
    source: { title: event.title, slug: event.slug },
    values: {
      ...values,
      startsAt: toLocalInputValue(start, event.timezone),
      endsAt: toLocalInputValue(new Date(start.getTime() + durationMs), event.timezone),
      repeat: 'none',
    } as Record<string, string>,
  };
}
