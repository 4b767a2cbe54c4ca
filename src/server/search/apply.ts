import type { IndexSource, SearchDocument, SearchEngine, SearchIndexName } from './types.ts';

/** An outbox job or change-log row with this entity id asks for a full rebuild of its index. */
export const REBUILD_ENTITY = '*';
const BATCH = 500;

/** Every document of a source, batch by batch (one pass when the source can stream, else id batches). */
export async function* allDocuments(source: IndexSource): AsyncIterable<SearchDocument[]> {
  if (source.allDocuments) {
    yield* source.allDocuments();
    return;
  }
  for await (const ids of source.allIds()) yield await source.load(ids);
}

/**
 * Re-reads entities from their source into the engine: upserts what exists, removes
 * what does not (so applying a change twice does no harm); a rebuild entity replaces
 * the whole index.
 */
export async function applyEntities(
  engine: SearchEngine,
  index: SearchIndexName,
  source: IndexSource,
  ids: readonly string[],
): Promise<void> {
  if (ids.includes(REBUILD_ENTITY)) {
    await engine.replaceAll(index, allDocuments(source));
    return;
  }
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const docs = await source.load(batch);
    const present = new Set(docs.map((d) => d.id));
    await engine.upsert(index, docs);
    await engine.remove(
      index,
      batch.filter((id) => !present.has(id)),
    );
  }
}
