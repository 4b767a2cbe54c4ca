import { eventsFeedSource } from '#features/events/events.calendar.ts';
import { requestsFeedSource } from '#features/requests/requests.calendar.ts';
import type { CalendarFeedSource } from './feed-sources.ts';

/** Every source of a member's private calendar feed (see feed-sources.ts for how to add one). */
export const CALENDAR_FEED_SOURCES: CalendarFeedSource[] = [eventsFeedSource, requestsFeedSource];
