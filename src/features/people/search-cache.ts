import { TtlCache } from '#server/cache/ttl-cache.ts';
import { config } from '#server/config.ts';
import { type SearchOutcome, searchIndex } from '#server/search/index.ts';
import type { SearchQuery } from '#server/search/types.ts';

/**
 * Engine answers (ids and facet counts, nothing private) reused for identical people
 * queries for PAGE_CACHE_SECONDS, for members too. Any change to people or skills
 * (see src/server/cache/invalidation.ts) starts afresh. Identical queries in flight
 * share one engine call. What is shown is still loaded from the database on every
 * request.
 */
const answers = new TtlCache<string, Promise<SearchOutcome>>({
  ttlMs: () => config().PAGE_CACHE_SECONDS * 1000,
  maxEntries: 300,
  clearOn: ['people', 'skills'],
});

/** `searchIndex('people', query)`, answered from memory when the same query ran moments ago. */
export function searchPeopleIndex(query: SearchQuery, now = Date.now()): Promise<SearchOutcome> {
  const key = JSON.stringify(query);
  const cached = answers.get(key, now);
  if (cached) return cached;
  const outcome = searchIndex('people', query);
  answers.set(key, outcome, now);
  // A failed search is not remembered: the next request asks the engine again.
  void outcome.then((o) => (o.ok ? undefined : answers.forget(key, outcome)));
  return outcome;
}
