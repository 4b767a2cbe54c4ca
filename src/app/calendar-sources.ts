import { eventsFeedSource } from '#features/events/events.calendar.ts';
import { requestsFeedSource } from '#features/requests/sessions/session-calendar.ts';
import type { CalendarFeedSource } from '#server/calendar/feed-sources.ts';

/**
 * Every source of a member's private calendar feed. A feature that puts entries in
 * the feed exports a `CalendarFeedSource` and is listed here; the feed route passes
 * this list to the calendar feature.
 */
export const CALENDAR_FEED_SOURCES: readonly CalendarFeedSource[] = [eventsFeedSource, requestsFeedSource];
