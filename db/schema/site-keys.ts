import { blob, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';

/**
 * Secret keys the site makes for itself on first use (e.g. for signing unsubscribe
 * links), shared by every server process through the database.
 */
export const siteKeys = sqliteTable('site_keys', {
  name: text('name').primaryKey(),
  secret: blob('secret', { mode: 'buffer' }).notNull(),
  createdAt: createdAt(),
});
