import { TtlCache } from '#server/cache/ttl-cache.ts';
import { config } from '#server/config.ts';

/**
 * A short-lived cache of whole pages for anonymous visitors (micro-caching).
 *
 * Pages that look the same to every visitor (people search, profiles, topics) mark
 * themselves with `Astro.locals.publicCache = true`; src/middleware.ts then serves
 * repeat requests for the same address from memory for PAGE_CACHE_SECONDS (default 5).
 * Signed-in members are never served from, or stored in, the cache.
 *
 * Freshness: the cache empties on `dataChanged('people' | 'skills')`
 * (src/server/cache/invalidation.ts): profile and skill writes in this process after
 * they commit, and the search outbox worker after it applies people jobs, so such a
 * change shows at once here; other changes, and other processes', show within the
 * TTL. A page rendered while the cache was emptied is not stored.
 */

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  status: number;
  headers: [string, string][];
}

const MAX_ENTRIES = 500;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_KEY_LENGTH = 2048;

function ttlMs(): number {
  return config().PAGE_CACHE_SECONDS * 1000;
}

// People and skills are what these pages are about: a change to them empties the cache at
// once. Events and lists shown beside them reach visitors within the TTL.
const pages = new TtlCache<string, Entry>({
  ttlMs,
  maxEntries: MAX_ENTRIES,
  maxWeight: MAX_BYTES,
  weigh: (entry) => entry.body.byteLength,
  clearOn: ['people', 'skills'],
});

/** Forgets every cached page (what `dataChanged` does to this cache). */
export function invalidatePageCache(): void {
  pages.clear();
}

/** The current generation, read before rendering and passed to `storePage`. */
export function pageCacheGeneration(): number {
  return pages.generation;
}

/** Whether this request may use the cache at all. */
export function pageCacheUsable(key: string): boolean {
  return ttlMs() > 0 && key.length <= MAX_KEY_LENGTH;
}

/** A fresh copy of the cached response for `key`, or null. */
export function cachedPage(key: string, now = Date.now()): Response | null {
  const entry = pages.get(key, now);
  if (!entry) return null;
  const headers = new Headers(entry.headers);
  headers.set('x-page-cache', 'hit');
  headers.set('content-length', String(entry.body.byteLength));
  // A plain stream hands the stored bytes to the socket as they are; a Uint8Array body
  // would be copied for every response.
  const body = entry.body;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  return new Response(stream, { status: entry.status, headers });
}

/**
 * Stores a rendered page (unless something changed while it rendered) and returns a
 * response with the same body for this request.
 */
export async function storePage(
  key: string,
  response: Response,
  renderedInGeneration: number,
  now = Date.now(),
): Promise<Response> {
  if (response.headers.has('set-cookie')) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  if (renderedInGeneration === pages.generation && body.byteLength <= MAX_BYTES / 16) {
    pages.set(key, { body, status: response.status, headers: [...headers] }, now);
  }
  headers.set('x-page-cache', 'miss');
  return new Response(body, { status: response.status, headers });
}
