import type { IndexSource, SearchIndexName } from './types.ts';

/**
 * The indexes and the sources that feed them. Infrastructure does not know the
 * features: the composition root (src/app/search-sources.ts) registers them at
 * start-up, and the outbox worker, reindexing and start-up read them from here.
 */
const sources: Partial<Record<SearchIndexName, IndexSource>> = {};

/** Registers the index sources, replacing any registered before (the same object stays in use). */
export function registerIndexSources(registered: Partial<Record<SearchIndexName, IndexSource>>): void {
  for (const index of Object.keys(sources) as SearchIndexName[]) delete sources[index];
  Object.assign(sources, registered);
}

/** The registered sources, by index. */
export function indexSources(): Partial<Record<SearchIndexName, IndexSource>> {
  return sources;
}
