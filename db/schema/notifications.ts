import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';

/**
 * The inbox: one row per thing that concerns a member. Text is rendered when the
 * notification is created, so the inbox is a plain read.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Dotted kind, e.g. `request.received`, `event.promoted`; used for icons and filters. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Site path the notification leads to. */
    url: text('url').notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    readAt: instant('read_at'),
    /** Set when an email copy was sent (only with SMTP configured). */
    emailedAt: instant('emailed_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

/**
 * Kinds of notice a member turned off (e.g. `event.learners_invited`). Absent means on.
 * The per-kind email preferences build on the same rows.
 */
export const noticeOptOuts = sqliteTable(
  'notice_opt_outs',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] }), index('notice_opt_outs_kind_idx').on(t.kind)],
);
