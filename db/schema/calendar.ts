import { blob, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt } from './columns.ts';

/**
 * A member's private calendar subscription. The URL carries `<id>.<secret>`; only the
 * secret's SHA-256 is stored. Regenerating replaces the row, which revokes the old URL.
 */
export const calendarFeeds = sqliteTable('calendar_feeds', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenId: text('token_id').notNull().unique(),
  secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
  createdAt: createdAt(),
});
