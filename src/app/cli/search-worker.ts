/**
 * `npm run search:worker`: applies the search outbox in a process of its own, for
 * deployments whose web servers run with SEARCH_WORKER=0. Meilisearch only: the
 * embedded engine's index lives inside each server process.
 */
import { registerSearchSources, SEARCH_SOURCES } from '#app/search-sources.ts';
import { closeDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { logger } from '#server/log.ts';
import { searchEngine, searchIndexes } from '#server/search/index.ts';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import { OutboxWorker } from '#server/search/worker.ts';

const log = logger('search-worker');
registerSearchSources();
const engine = searchEngine();
if (engine.name !== 'meilisearch') {
  console.error('The standalone worker needs MEILI_HOST: the embedded engine is filled inside the server process.');
  process.exit(2);
}

await migrateDatabase();
let settingsApplied = false;
const worker = new OutboxWorker(engine, SEARCH_SOURCES, {}, async () => {
  if (settingsApplied) return;
  await engine.applySettings(
    searchIndexes().map((i) => SEARCH_SOURCES[i]!.definition),
    catalogueSynonyms(),
  );
  settingsApplied = true;
});
worker.start();
log.info(`applying the search outbox to Meilisearch (${searchIndexes().join(', ') || 'no indexes registered'})`);

const stop = async () => {
  await worker.stop();
  closeDatabase();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Keep the process alive: the worker's timers are unref'd so servers can exit cleanly.
setInterval(() => {}, 1 << 30);
