import { TtlCache } from '#server/cache/ttl-cache.ts';
import { config } from '#server/config.ts';

/**
 * The grouped figures behind /insights, reused for INSIGHTS_CACHE_SECONDS (60) in this
 * process: the page changes slowly, while grouping a year of requests and RSVPs is the
 * expensive part of drawing it. Keys name the query and everything it depends on (the
 * day's window edges, the period, the category). Changes to members, skills and events
 * empty it at once; requests, check-ins and feedback show within the TTL. 0 turns it off.
 */
const figures = new TtlCache<string, Promise<unknown>>({
  ttlMs: () => config().INSIGHTS_CACHE_SECONDS * 1000,
  maxEntries: 500,
  clearOn: ['people', 'events', 'skills'],
});

/** The cached result of `load` under `key`, or a fresh one. */
export function cachedFigures<T>(key: string, load: () => PromiseLike<T>, now = Date.now()): Promise<T> {
  // Settled once into a plain promise: a Drizzle query is a thenable that runs again on every await.
  const run = async () => await load();
  return figures.getOrLoad(key, run, now) as Promise<T>;
}

/** Forgets every cached figure (tests). */
export function clearFiguresCache(): void {
  figures.clear();
}
