import { integer } from 'drizzle-orm/sqlite-core';

/** A UTC instant stored as milliseconds since the epoch. */
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** A creation time filled in by the application when the row is inserted. */
export const createdAt = () =>
  instant('created_at')
    .notNull()
    .$defaultFn(() => new Date());

/** A flag stored as 0/1. */
export const flag = (name: string) => integer(name, { mode: 'boolean' });
