import { eventsSource } from '#features/events/events.search.ts';
import { listsSource } from '#features/lists/lists.search.ts';
import { peopleSource } from '#features/people/people.search.ts';
import type { IndexSource, SearchIndexName } from './types.ts';

/**
 * The indexes and the features that feed them. A feature that owns an index adds its
 * `IndexSource` here; the outbox worker, the reindex command and start-up use this list.
 */
export const SEARCH_SOURCES: Partial<Record<SearchIndexName, IndexSource>> = {
  people: peopleSource,
  events: eventsSource,
  lists: listsSource,
};
