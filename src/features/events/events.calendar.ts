import type { CalendarFeedSource } from '#server/calendar/feed-sources.ts';
import type { CalendarEntry } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { markdownToText } from '#server/markdown.ts';
import * as listings from './event-listings.repo.ts';
import type * as repo from './events.repo.ts';
import { EVENT_FORMAT_LABELS, EVENT_KIND_LABELS } from './events.ts';

type CalendarEvent = Pick<
  repo.EventRow,
  | 'id'
  | 'slug'
  | 'title'
  | 'kind'
  | 'format'
  | 'description'
  | 'venue'
  | 'onlineUrl'
  | 'startsAt'
  | 'endsAt'
  | 'status'
  | 'sequence'
  | 'updatedAt'
  | 'cancelReason'
>;

/**
 * One event as a calendar entry. The UID is stable, SEQUENCE follows the event's own
 * counter (bumped on every change), and a cancelled event is STATUS:CANCELLED so a
 * calendar that already has it marks it rather than keeping a ghost.
 */
export function eventCalendarEntry(
  event: CalendarEvent,
  options: { siteOrigin: string; includeOnlineLink: boolean },
): CalendarEntry {
  const url = `${options.siteOrigin}/events/${event.slug}`;
  const link = options.includeOnlineLink ? event.onlineUrl : null;
  const cancelled = event.status === 'cancelled';
  const lines = [
    cancelled ? `Cancelled.${event.cancelReason ? ` ${event.cancelReason}` : ''}` : '',
    `${EVENT_KIND_LABELS[event.kind]} · ${EVENT_FORMAT_LABELS[event.format]}`,
    markdownToText(event.description, 1200),
    link
      ? `Join online: ${link}`
      : event.format !== 'in_person'
        ? 'The online link is on the event page for people going.'
        : '',
    `Details: ${url}`,
  ].filter(Boolean);
  const location =
    [event.venue, link].filter(Boolean).join(' · ') || (event.format === 'online' ? 'Online' : undefined);
  return {
    uid: `event-${event.id}@whoknows`,
    start: event.startsAt,
    end: event.endsAt,
    summary: cancelled ? `Cancelled: ${event.title}` : event.title,
    description: lines.join('\n\n'),
    location,
    url,
    sequence: event.sequence,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    updatedAt: event.updatedAt,
  };
}

const FEED_HISTORY_MS = 30 * 86_400_000;

/** Events in a member's private calendar feed: the ones they are going to, or run. */
export const eventsFeedSource: CalendarFeedSource = {
  name: 'events',
  async entries(userId, now) {
    const rows = await listings.feedEvents(userId, new Date(now.getTime() - FEED_HISTORY_MS));
    return rows.map((event) => eventCalendarEntry(event, { siteOrigin: config().siteOrigin, includeOnlineLink: true }));
  },
};
