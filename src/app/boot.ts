import { database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { backfillSessions } from '#features/requests/sessions/mentoring-sessions.service.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { config } from '#server/config.ts';
import { demoSeedDecision } from '#server/demo/policy.ts';
import { countDemoMembers, DEMO_PRESENT_MESSAGE, demoStatusChanged } from '#server/demo/status.ts';
import { startBackgroundJobs } from '#server/jobs.ts';
import { logger } from '#server/log.ts';
import { preparesDatabase, processRole, runsSiteWork } from '#server/process-role.ts';
import { initSearch } from '#server/search/index.ts';
import { startupWarnings } from '#server/startup-checks.ts';
import { runDataFixups } from './data-fixups.ts';
import { isCommunityEmpty, seedDemo } from './demo/index.ts';
import { SCHEDULED_JOBS } from './scheduled-jobs.ts';
import { registerSearchSources } from './search-sources.ts';

const log = logger('boot');
let booting: Promise<void> | undefined;

/**
 * Everything the server needs before it answers: schema migrated, catalogue in sync,
 * demo community on a fresh install of a local site (src/server/demo/policy.ts), the
 * features plugged into search, search ready, background jobs running. Runs once per
 * process; every request awaits the same promise.
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
  // With several processes, the builder prepared the database before the others started.
  if (preparesDatabase()) await prepareDatabase();
  registerSearchSources();
  await initSearch();
  if (runsSiteWork()) await startBackgroundJobs(SCHEDULED_JOBS);
  const demoMembers = await countDemoMembers();
  if (demoMembers > 0 && processRole() !== 'follower') log.warn(`${demoMembers} demo members. ${DEMO_PRESENT_MESSAGE}`);
  log.info(`ready in ${Math.round(performance.now() - started)} ms (${processRole()} process)`);
}

/** Schema migrated, catalogue in sync, demo community seeded on a fresh install of a local site. */
async function prepareDatabase(): Promise<void> {
  const db = database();
  await migrateDatabase(db);
  await syncCatalogue(db);
  await runDataFixups();
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
  // Requests accepted before sessions had a table of their own get their first session (idempotent).
  const backfilled = await backfillSessions();
  if (backfilled > 0) log.info(`gave ${backfilled} accepted requests their first session`);
}
