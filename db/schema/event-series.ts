import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag, instant } from './columns.ts';
import { events } from './events.ts';

export const SERIES_FREQUENCIES = ['weekly', 'monthly'] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];

/**
 * A repeating event: the rule (every `interval` weeks on the first date's weekday, or
 * monthly on its `nth` weekday, -1 for the last) in the organiser's zone, so the local
 * start time holds across daylight-saving changes. Each occurrence is an ordinary
 * event row (its own page, RSVPs, waitlist), linked through `series_occurrences`.
 */
export const eventSeries = sqliteTable(
  'event_series',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    organizerId: text('organizer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    timezone: text('timezone').notNull(),
    frequency: text('frequency', { enum: SERIES_FREQUENCIES }).notNull(),
    interval: integer('interval').notNull().default(1),
    /** Monthly: which weekday of the month (1–5, or -1 for the last). */
    nth: integer('nth'),
    /** Local start time, HH:MM. */
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** First local date, YYYY-MM-DD; its weekday is the series' weekday. */
    firstDate: text('first_date').notNull(),
    /** Last local date an occurrence may fall on, YYYY-MM-DD. */
    untilDate: text('until_date').notNull(),
    /** The series this one continues after a "this and following" change. */
    continuesId: text('continues_id'),
    /** iCalendar SEQUENCE of the series as a whole. */
    sequence: integer('sequence').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('event_series_slug_unique').on(t.slug),
    index('event_series_organizer_idx').on(t.organizerId),
    check('event_series_interval_range', sql`${t.interval} BETWEEN 1 AND 12`),
    check('event_series_duration_positive', sql`${t.durationMinutes} > 0`),
  ],
);

/**
 * One date of a series. `originalStartsAt` is where the rule puts it (the iCalendar
 * RECURRENCE-ID); the event row carries where it actually is. A skipped draft date
 * keeps its row with no event (an EXDATE); `detached` marks a date edited on its own.
 */
export const seriesOccurrences = sqliteTable(
  'series_occurrences',
  {
    seriesId: text('series_id')
      .notNull()
      .references(() => eventSeries.id, { onDelete: 'cascade' }),
    originalStartsAt: instant('original_starts_at').notNull(),
    eventId: text('event_id').references(() => events.id, { onDelete: 'set null' }),
    detached: flag('detached').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.originalStartsAt] }),
    uniqueIndex('series_occurrences_event_unique').on(t.eventId),
  ],
);
