import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';
import { skills } from './skills.ts';

/** A member following a topic: new events, reading lists and open calls on it reach them. */
export const topicFollows = sqliteTable(
  'topic_follows',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.skillId] }), index('topic_follows_skill_idx').on(t.skillId)],
);

/** A member following another: the new events and reading lists of the followed member reach them. */
export const memberFollows = sqliteTable(
  'member_follows',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followedId: text('followed_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.followedId] }), index('member_follows_followed_idx').on(t.followedId)],
);

export const FOLLOW_ITEM_TYPES = ['event', 'series', 'list', 'open_call'] as const;
export type FollowItemType = (typeof FOLLOW_ITEM_TYPES)[number];

/**
 * Each new thing announced to followers, once: the primary key makes a second
 * announcement of the same item (a retry, a parallel request) a no-op. `reached` is
 * how many followers were told, which organisers see (never who).
 */
export const followAnnouncements = sqliteTable(
  'follow_announcements',
  {
    itemType: text('item_type', { enum: FOLLOW_ITEM_TYPES }).notNull(),
    itemId: text('item_id').notNull(),
    reached: integer('reached').notNull().default(0),
    announcedAt: instant('announced_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemType, t.itemId] })],
);
