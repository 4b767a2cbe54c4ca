import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag, instant } from './columns.ts';
import { events } from './events.ts';
import { skills } from './skills.ts';

/**
 * An attendee's feedback on an event, once per attendee (the primary key makes a second
 * submission, even a parallel one, a no-op). Organisers see comments without the author's
 * name unless `signed`; the rating only ever in aggregate.
 */
export const eventFeedback = sqliteTable(
  'event_feedback',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    worked: text('worked').notNull().default(''),
    improve: text('improve').notNull().default(''),
    /** The attendee chose to put their name to the comments. */
    signed: flag('signed').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    index('event_feedback_created_idx').on(t.createdAt),
    check('event_feedback_rating_range', sql`${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** "What should we run next": catalogue topics named in feedback; they count as demand on /insights. */
export const eventFeedbackTopics = sqliteTable(
  'event_feedback_topics',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId, t.skillId] }),
    index('event_feedback_topics_skill_idx').on(t.skillId, t.createdAt),
  ],
);

/**
 * "Tell the learners": at most one notice per event (the primary key is the guard, so
 * two organisers' clicks at once send it once).
 */
export const learnerNotices = sqliteTable('learner_notices', {
  eventId: text('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  skillId: integer('skill_id')
    .notNull()
    .references(() => skills.id, { onDelete: 'cascade' }),
  sentBy: text('sent_by').references(() => users.id, { onDelete: 'set null' }),
  recipients: integer('recipients').notNull().default(0),
  sentAt: instant('sent_at').notNull(),
});
