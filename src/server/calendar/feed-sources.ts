import type { CalendarEntry } from './ics.ts';

/**
 * A feature that puts entries in members' private calendar feeds. Each source returns
 * the entries for one member; the feed merges every source. To add one, export a
 * source from the feature and list it in `src/app/calendar-sources.ts` — nothing else
 * changes.
 */
export interface CalendarFeedSource {
  /** Short name, for logs. */
  name: string;
  /** The member's entries, each with a UID that is stable across updates. */
  entries(userId: string, now: Date): Promise<CalendarEntry[]>;
}
