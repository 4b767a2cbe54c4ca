import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag, instant } from './columns.ts';
import { mentoringRequests, mentorshipItems } from './requests.ts';

export const SESSION_STATES = ['proposed', 'scheduled', 'moving', 'declined', 'withdrawn', 'cancelled'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/**
 * One meeting of a request: the first is agreed when the request is accepted (or held
 * when the requester books a published slot); an ongoing or reverse mentorship adds
 * more. `moving` is a scheduled session with a new time proposed (`moveStartsAt`),
 * which holds at its old time until the other side accepts. The partial unique index
 * keeps a helper from holding two live sessions that start at the same instant.
 */
export const mentoringSessions = sqliteTable(
  'mentoring_sessions',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    /** 1 for the first session of the request, then 2, 3… */
    position: integer('position').notNull(),
    helperId: text('helper_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: instant('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** The zone the time was entered in. */
    timezone: text('timezone').notNull(),
    state: text('state', { enum: SESSION_STATES }).notNull(),
    proposedBy: text('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    /** Picked from the helper's published availability. */
    booked: flag('booked').notNull().default(false),
    moveStartsAt: instant('move_starts_at'),
    moveTimezone: text('move_timezone'),
    moveBy: text('move_by').references(() => users.id, { onDelete: 'set null' }),
    closeReason: text('close_reason'),
    closedBy: text('closed_by').references(() => users.id, { onDelete: 'set null' }),
    /** iCalendar SEQUENCE: bumped when the session moves or is cancelled. */
    sequence: integer('sequence').notNull().default(0),
    reminderSentAt: instant('reminder_sent_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('mentoring_sessions_request_position_unique').on(t.requestId, t.position),
    uniqueIndex('mentoring_sessions_helper_start_unique')
      .on(t.helperId, t.startsAt)
      .where(sql`state IN ('proposed', 'scheduled', 'moving')`),
    index('mentoring_sessions_request_idx').on(t.requestId, t.state),
    index('mentoring_sessions_state_start_idx').on(t.state, t.startsAt),
    index('mentoring_sessions_helper_idx').on(t.helperId, t.startsAt),
  ],
);

/** A plan check-in both sides were reminded of; the key makes the reminder go out once. */
export const checkinReminders = sqliteTable('checkin_reminders', {
  itemId: integer('item_id')
    .primaryKey()
    .references(() => mentorshipItems.id, { onDelete: 'cascade' }),
  sentAt: instant('sent_at').notNull(),
});
