import { config } from '#server/config.ts';
import { pageCacheGeneration } from '#server/http/page-cache.ts';
import { type SearchOutcome, searchIndex } from '#server/search/index.ts';
import type { SearchQuery } from '#server/search/types.ts';

/**
 * Engine answers (ids and facet counts, nothing private) reused for identical people
 * queries for PAGE_CACHE_SECONDS, for members too. They go stale together with cached
 * pages: any people-index update or profile change in this process starts afresh.
 * Identical queries in flight share one engine call. What is shown is still loaded
 * from the database on every request.
 */

const MAX_ENTRIES = 300;
const entries = new Map<string, { outcome: Promise<SearchOutcome>; generation: number; expiresAt: number }>();

/** `searchIndex('people', query)`, answered from memory when the same query ran moments ago. */
export function searchPeopleIndex(query: SearchQuery, now = Date.now()): Promise<SearchOutcome> {
  const ttl = config().PAGE_CACHE_SECONDS * 1000;
  if (ttl === 0) return searchIndex('people', query);
  const key = JSON.stringify(query);
  const generation = pageCacheGeneration();
  const entry = entries.get(key);
  if (entry && entry.generation === generation && entry.expiresAt > now) return entry.outcome;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const outcome = searchIndex('people', query);
  entries.set(key, { outcome, generation, expiresAt: now + ttl });
  // A failed search is not remembered: the next request asks the engine again.
  void outcome.then(
    (o) => (o.ok ? undefined : entries.delete(key)),
    () => entries.delete(key),
  );
  return outcome;
}
