import { database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#db/seed/catalogue.ts';
import { isCommunityEmpty, seedDemo } from '#db/seed/demo/index.ts';
import { config } from './config.ts';
import { demoSeedDecision } from './demo/policy.ts';
import { countDemoMembers, DEMO_PRESENT_MESSAGE, demoStatusChanged } from './demo/status.ts';
import { startBackgroundJobs } from './jobs.ts';
import { logger } from './log.ts';
import { initSearch } from './search/index.ts';
import { startupWarnings } from './startup-checks.ts';

const log = logger('boot');
let booting: Promise<void> | undefined;

/**
 * Everything the server needs before it answers: schema migrated, catalogue in sync,
 * demo community on a fresh install of a local site (server/demo/policy.ts), search ready, background
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
  const settings = config();
  for (const warning of startupWarnings(settings)) log.warn(warning);
  if (await isCommunityEmpty(db)) {
    const where = `SITE_URL ${settings.SITE_URL}, listening on ${settings.HOST}`;
    const decision = demoSeedDecision(settings.SEED_DEMO, settings.siteIsLocal, where);
    if (decision.log) log[decision.log.level](decision.log.message);
    if (decision.seed) {
      const ctx = await seedDemo(db);
      demoStatusChanged();
      log.info(`seeded the demo community: ${ctx.members.size} members`);
    }
  }
  const demoMembers = await countDemoMembers();
  if (demoMembers > 0) log.warn(`${demoMembers} demo members. ${DEMO_PRESENT_MESSAGE}`);
  await initSearch();
  await startBackgroundJobs();
  log.info(`ready in ${Math.round(performance.now() - started)} ms`);
}
