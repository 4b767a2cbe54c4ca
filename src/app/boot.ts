import { database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { config } from '#server/config.ts';
import { startBackgroundJobs } from '#server/jobs.ts';
import { logger } from '#server/log.ts';
import { initSearch } from '#server/search/index.ts';
import { isCommunityEmpty, seedDemo } from './demo/index.ts';
import { SCHEDULED_JOBS } from './scheduled-jobs.ts';
import { registerSearchSources } from './search-sources.ts';

const log = logger('boot');
let booting: Promise<void> | undefined;

/**
 * Everything the server needs before it answers: schema migrated, catalogue in sync,
 * demo community on a fresh install (unless SEED_DEMO=0), the features plugged into
 * search, search ready, background jobs running. Runs once per process; every request
 * awaits the same promise.
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
  registerSearchSources();
  await initSearch();
  await startBackgroundJobs(SCHEDULED_JOBS);
  log.info(`ready in ${Math.round(performance.now() - started)} ms`);
}
