import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';
import { notifications } from './notifications.ts';

/** How a member hears about one category of notice: in the inbox only, or also by email (at once or in a digest). */
export const EMAIL_MODES = ['off', 'instant', 'daily', 'weekly'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/**
 * A member's email choice per category of notice (`requests`, `events`, `follows`…).
 * No row means the category's default.
 */
export const emailPreferences = sqliteTable(
  'email_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    mode: text('mode', { enum: EMAIL_MODES }).notNull(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/**
 * One digest email: the entries it carries point at it. A worker takes the lease
 * (`leaseOwner`, `leaseUntil`) with a conditional update before sending, so two
 * processes never send the same digest; `sentAt` is set once the relay took it. At
 * most one digest per member waits to be sent (the partial unique index).
 */
export const digests = sqliteTable(
  'digests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    frequency: text('frequency', { enum: ['daily', 'weekly'] }).notNull(),
    itemCount: integer('item_count').notNull(),
    createdAt: createdAt(),
    leaseOwner: text('lease_owner'),
    leaseUntil: instant('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: instant('sent_at'),
    /** Given up after repeated failures. */
    failedAt: instant('failed_at'),
  },
  (t) => [
    uniqueIndex('digests_one_pending_idx').on(t.userId).where(sql`sent_at IS NULL AND failed_at IS NULL`),
    index('digests_user_sent_idx').on(t.userId, t.sentAt),
  ],
);

/** A notice waiting for (or carried by) a member's next digest. */
export const digestEntries = sqliteTable(
  'digest_entries',
  {
    notificationId: integer('notification_id')
      .primaryKey()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    digestId: integer('digest_id').references(() => digests.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('digest_entries_user_idx').on(t.userId, t.digestId, t.createdAt)],
);
