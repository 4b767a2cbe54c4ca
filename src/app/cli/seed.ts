/**
 * `npm run db:seed [-- --members N] [-- --no-demo]`
 * Migrates, syncs the skill catalogue, seeds the demo community into an empty database,
 * then (with --members) tops the community up to N members with generated people.
 */
import { parseArgs } from 'node:util';
import { generateCommunity } from '#app/demo/generate.ts';
import { isCommunityEmpty, seedDemo } from '#app/demo/index.ts';
import { registerSearchSources } from '#app/search-sources.ts';
import { closeDatabase, database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { config } from '#server/config.ts';
import { demoSeedDecision } from '#server/demo/policy.ts';
import { rebuildIndex, requestRebuild, searchEngine, searchIndexes } from '#server/search/index.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
  },
});

const target = values.members === undefined ? undefined : Number(values.members);
if (target !== undefined && (!Number.isInteger(target) || target < 0 || target > 1_000_000)) {
  console.error('--members must be a whole number between 0 and 1,000,000');
  process.exit(2);
}

// Demo and generated members have known passwords: the same rule as at start-up, with
// running this command counting as asking for them (server/demo/policy.ts).
const settings = config();
const asked = settings.SEED_DEMO === 'auto' ? 'on' : settings.SEED_DEMO;
const decision = demoSeedDecision(asked, settings.siteIsLocal, `SITE_URL ${settings.SITE_URL}, HOST ${settings.HOST}`);
if (!decision.seed && (target !== undefined || !values['no-demo'])) {
  console.error(decision.log?.message ?? 'SEED_DEMO=0: not seeding demo or generated members.');
  process.exit(2);
}

const db = database();
registerSearchSources();
try {
  const started = performance.now();
  await migrateDatabase(db);
  await syncCatalogue(db);
  if (!values['no-demo'] && (await isCommunityEmpty(db))) {
    const ctx = await seedDemo(db);
    console.log(`Seeded the demo community: ${ctx.members.size} members.`);
  }
  if (target !== undefined) {
    const created = await generateCommunity(db, { totalMembers: target });
    console.log(
      created > 0 ? `Generated ${created} more members (${target} in all).` : `Already ${target} or more members.`,
    );
  }
  // Seeding writes in bulk without outbox jobs; bring the search indexes up to date in one go.
  for (const index of searchIndexes()) {
    if (searchEngine().name === 'meilisearch') await rebuildIndex(index);
    else await requestRebuild(index); // a running server applies it; a starting one rebuilds anyway
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  closeDatabase();
}
