import { join } from 'node:path';
import { afterAll } from 'vitest';
import { registerSearchSources } from '#app/search-sources.ts';
import { closeDatabase, database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { resetConfigForTests } from '#server/config.ts';
import { makeTempDir } from './temp-dir.ts';

// Each integration test file gets its own database file: real libSQL, real migrations,
// the real skill catalogue, and no demo community.
const dir = makeTempDir('whoknows-int-');
process.env.DATABASE_URL = `file:${join(dir.path, 'test.db')}`;
process.env.SEED_DEMO = '0';
// Insight figures are computed afresh on every call, so tests see what they just wrote.
process.env.INSIGHTS_CACHE_SECONDS = '0';
process.env.LOG_LEVEL ??= 'warn';
delete process.env.SMTP_URL;
// The search contract suite reads TEST_MEILI_HOST; everything else uses the embedded engine.
if (process.env.MEILI_HOST) process.env.TEST_MEILI_HOST ??= process.env.MEILI_HOST;
delete process.env.MEILI_HOST;
resetConfigForTests();

await migrateDatabase(database());
await syncCatalogue(database());
// The features that feed the search indexes, as the server's start-up registers them.
registerSearchSources();

afterAll(() => {
  closeDatabase();
  dir.remove();
});
