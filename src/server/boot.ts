import { database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#db/seed/catalogue.ts';
import { isCommunityEmpty, seedDemo } from '#db/seed/demo/index.ts';
import { config } from './config.ts';
import { startBackgroundJobs } from './jobs.ts';
import { logger } from './log.ts';
import { initSearch } from './search/index.ts';

const log = logger('boot');
let booting: Promise<void> | undefined;

/**
 * Everything the server needs before it answers: schema migrated, catalogue in sync,
 * demo community on a fresh install (unless SEED_DEMO=0), search ready, background
 * jobs running. Runs once per process; every request awaits the same promise.
 */
export function ensureBooted(): Promise<void> {
  booting ??= boot().catch((error: unknown) => {
    booting = undefined; // let the next request try again rather than fail forever
    log.error('start-up failed', error);
    throw error;
  });
  return booting;
}

async function boot(): Promise<void> {
  const started = performance.now();
  const db = database();
  await migrateDatabase(db);
  await syncCatalogue(db);
  if (config().SEED_DEMO && (await isCommunityEmpty(db))) {
    const ctx = await seedDemo(db);
    log.info(`seeded the demo community: ${ctx.members.size} members`);
  }
  await initSearch();
  await startBackgroundJobs();
  log.info(`ready in ${Math.round(performance.now() - started)} ms`);
}
