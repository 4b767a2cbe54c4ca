import { config } from '#server/config.ts';

/**
 * The grouped figures behind /insights, reused for INSIGHTS_CACHE_SECONDS (60) in this
 * process: the page changes slowly, while grouping a year of requests and RSVPs is the
 * expensive part of drawing it. Keys name the query and everything it depends on (the
 * day's window edges, the period, the category). 0 turns it off.
 */
const entries = new Map<string, { at: number; value: Promise<unknown> }>();
const MAX_ENTRIES = 500;

/** The cached result of `load` under `key`, or a fresh one. */
export function cachedFigures<T>(key: string, load: () => PromiseLike<T>, now = Date.now()): Promise<T> {
  // Settled once into a plain promise: a Drizzle query is a thenable that runs again on every await.
  const run = async () => await load();
  const ttl = config().INSIGHTS_CACHE_SECONDS * 1000;
  if (ttl === 0) return run();
  const hit = entries.get(key);
  if (hit && now - hit.at < ttl) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = run();
  entries.set(key, { at: now, value });
  value.catch(() => entries.delete(key));
  return value;
}

/** Forgets every cached figure (tests). */
export function clearFiguresCache(): void {
  entries.clear();
}
