import { eventsSource } from '#features/events/events.search.ts';
import { listsSource } from '#features/lists/lists.search.ts';
import { peopleSource } from '#features/people/people.search.ts';
import { registerIndexSources } from '#server/search/registry.ts';
import type { IndexSource, SearchIndexName } from '#server/search/types.ts';

/**
 * The search indexes and the features that feed them. A feature that owns an index
 * exports an `IndexSource` and is listed here; the outbox worker, the reindex command
 * and start-up find it through the registry.
 */
export const SEARCH_SOURCES: Partial<Record<SearchIndexName, IndexSource>> = {
  people: peopleSource,
  events: eventsSource,
  lists: listsSource,
};

/** Puts the sources in the search registry (start-up, CLIs, tests). */
export function registerSearchSources(): void {
  registerIndexSources(SEARCH_SOURCES);
}
