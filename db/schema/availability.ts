import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { flag, instant } from './columns.ts';

/**
 * A helper's bookable time: session length, buffer between sessions, how far ahead
 * people may book and at most how many sessions a week, in the helper's zone. Shown to
 * requesters only while `published`.
 */
export const availabilitySettings = sqliteTable(
  'availability_settings',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    timezone: text('timezone').notNull(),
    sessionMinutes: integer('session_minutes').notNull(),
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    horizonDays: integer('horizon_days').notNull(),
    weeklyCap: integer('weekly_cap').notNull(),
    published: flag('published').notNull().default(false),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    check('availability_session_range', sql`${t.sessionMinutes} BETWEEN 15 AND 240`),
    check('availability_buffer_range', sql`${t.bufferMinutes} BETWEEN 0 AND 120`),
    check('availability_horizon_range', sql`${t.horizonDays} BETWEEN 1 AND 90`),
    check('availability_cap_range', sql`${t.weeklyCap} BETWEEN 1 AND 40`),
  ],
);

/** A weekly window of bookable time (ISO weekday 1 = Monday), minutes after local midnight. */
export const availabilityWindows = sqliteTable(
  'availability_windows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    weekday: integer('weekday').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
  },
  (t) => [
    index('availability_windows_user_idx').on(t.userId, t.weekday),
    check('availability_windows_weekday', sql`${t.weekday} BETWEEN 1 AND 7`),
    check(
      'availability_windows_range',
      sql`${t.startMinute} >= 0 AND ${t.endMinute} <= 1440 AND ${t.startMinute} < ${t.endMinute}`,
    ),
  ],
);
