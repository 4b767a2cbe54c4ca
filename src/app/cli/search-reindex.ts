/**
 * `npm run search:reindex`: rebuilds every search index from the database without
 * downtime — each index is built fresh beside the live one and swapped in.
 *
 * With Meilisearch this process does the work. The embedded engine lives inside the
 * server process, so there the command asks the running server to rebuild (through the
 * outbox) and waits for it; a server that is not running rebuilds at its next start (a
 * waiting rebuild request makes it skip its saved snapshot).
 */
import { count, eq } from 'drizzle-orm';
import { registerSearchSources } from '#app/search-sources.ts';
import { closeDatabase, getDb } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { searchJobs } from '#db/schema/index.ts';
import { rebuildIndex, requestRebuild, searchEngine, searchIndexes } from '#server/search/index.ts';
import { clearDeadLetters } from '#server/search/outbox-store.ts';
import { REBUILD_ENTITY } from '#server/search/worker.ts';

async function waitForServer(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const row = await getDb()
      .select({ n: count() })
      .from(searchJobs)
      .where(eq(searchJobs.entityId, REBUILD_ENTITY))
      .get();
    if ((row?.n ?? 0) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

registerSearchSources();
try {
  await migrateDatabase();
  const indexes = searchIndexes();
  if (indexes.length === 0) {
    console.log('No search indexes are registered.');
  } else if (searchEngine().name === 'meilisearch') {
    for (const index of indexes) {
      const started = performance.now();
      await rebuildIndex(index);
      const cleared = await clearDeadLetters(index);
      console.log(
        `Rebuilt ${index} in ${Math.round(performance.now() - started)} ms${cleared ? `; cleared ${cleared} dead letters` : ''}.`,
      );
    }
  } else {
    for (const index of indexes) await requestRebuild(index);
    if (await waitForServer(60_000)) {
      for (const index of indexes) await clearDeadLetters(index);
      console.log(`The running server rebuilt: ${indexes.join(', ')}.`);
    } else {
      console.log(
        'No running server picked the rebuild up yet; the next server to start rebuilds from the database ' +
          'instead of loading its saved snapshot.',
      );
    }
  }
} finally {
  closeDatabase();
}
