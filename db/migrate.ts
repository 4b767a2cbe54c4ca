import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { closeDatabase, type Database, database, tuneFileDatabase } from './client.ts';
import { isMainModule, projectRoot } from './project-root.ts';
import { APPEND_ONLY_TRIGGERS } from './schema/moderation.ts';

/**
 * Applies every pending migration in db/migrations, then the triggers drizzle-kit
 * cannot express (the append-only audit log), idempotently. Safe to run on every start.
 */
export async function migrateDatabase(target: Database = database()): Promise<void> {
  await tuneFileDatabase(target);
  await migrate(target.db, { migrationsFolder: join(projectRoot(), 'db', 'migrations') });
  for (const trigger of APPEND_ONLY_TRIGGERS) await target.client.execute(trigger);
}

if (isMainModule(import.meta.url)) {
  try {
    await migrateDatabase();
    console.log('Database is up to date.');
  } finally {
    closeDatabase();
  }
}
