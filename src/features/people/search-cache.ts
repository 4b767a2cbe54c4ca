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
/**
 * Facet values (plus hits) the cache holds at most over all its answers. An answer's size
 * grows with the community: a broad query at 100,000 members counts thousands of skill
 * levels, languages and skills, and 300 such answers held about 40 MB per process for
 * queries that, from members, rarely repeat. About 200,000 values is ~8 MB.
 */
const MAX_CACHED_VALUES = 200_000;

/**
 * A cached engine call: its promise, and its outcome once settled (weighed then; an
 * answer weighs 1 until it settles). The outcome is kept on the entry itself, so it goes
 * when the entry goes: kept in a module-level WeakMap, every answer, cached or not, was
 * promoted to the old generation under load (measured with V8's allocation-site
 * pretenuring on; README "Benchmark").
 */
interface Answer {
  readonly promise: Promise<SearchOutcome>;
  outcome?: SearchOutcome;
}

/** The facet values and hits an answer holds. */
export function outcomeWeight(outcome: SearchOutcome): number {
  if (!outcome.ok) return 1;
  let values = outcome.result.hits.length;
  for (const counts of Object.values(outcome.result.facetCounts)) values += Object.keys(counts).length;
  return Math.max(1, values);
}

const answers = new TtlCache<string, Answer>({
  ttlMs: () => config().PAGE_CACHE_SECONDS * 1000,
  maxEntries: 300,
  maxWeight: MAX_CACHED_VALUES,
  weigh: (answer) => (answer.outcome ? outcomeWeight(answer.outcome) : 1),
  clearOn: ['people', 'skills'],
});

/** `searchIndex('people', query)`, answered from memory when the same query ran moments ago. */
export function searchPeopleIndex(query: SearchQuery, now = Date.now()): Promise<SearchOutcome> {
  const key = JSON.stringify(query);
  const cached = answers.get(key, now);
  if (cached) return cached.promise;
  const answer: Answer = { promise: searchIndex('people', query) };
  answers.set(key, answer, now);
  answer.promise.then(
    (outcome) => {
      // A failed search is not remembered: the next request asks the engine again.
      if (!outcome.ok) return answers.forget(key, answer);
      answer.outcome = outcome;
      answers.reweigh(key, answer);
    },
    () => answers.forget(key, answer),
  );
  return answer.promise;
}
