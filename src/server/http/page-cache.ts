import { config } from '#server/config.ts';

/**
 * A short-lived cache of whole pages for anonymous visitors (micro-caching).
 *
 * Pages that look the same to every visitor (people search, profiles, topics) mark
 * themselves with `Astro.locals.publicCache = true`; src/middleware.ts then serves
 * repeat requests for the same address from memory for PAGE_CACHE_SECONDS (default 5).
 * Signed-in members are never served from, or stored in, the cache.
 *
 * Freshness: writes in this process call `invalidatePageCache()` after they commit, and
 * so does the search outbox worker when it applies index jobs (through the people
 * source), so a change shows at once here; other processes see it within the TTL.
 * A page rendered while an invalidation happened is not stored.
 */

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  status: number;
  headers: [string, string][];
  expiresAt: number;
}

const MAX_ENTRIES = 500;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_KEY_LENGTH = 2048;

const entries = new Map<string, Entry>();
let bytes = 0;
let generation = 0;

function ttlMs(): number {
  return config().PAGE_CACHE_SECONDS * 1000;
}

/** Forgets every cached page; call after committing a change that shows on cached pages. */
export function invalidatePageCache(): void {
  generation++;
  entries.clear();
  bytes = 0;
}

/** The current generation, read before rendering and passed to `storePage`. */
export function pageCacheGeneration(): number {
  return generation;
}

/** Whether this request may use the cache at all. */
export function pageCacheUsable(key: string): boolean {
  return ttlMs() > 0 && key.length <= MAX_KEY_LENGTH;
}

/** A fresh copy of the cached response for `key`, or null. */
export function cachedPage(key: string, now = Date.now()): Response | null {
  const entry = entries.get(key);
  if (!entry) return null;
  if (entry.expiresAt <= now) {
    entries.delete(key);
    bytes -= entry.body.byteLength;
    return null;
  }
  // Most recently used last, so eviction takes the oldest.
  entries.delete(key);
  entries.set(key, entry);
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
  if (renderedInGeneration === generation && body.byteLength <= MAX_BYTES / 16) {
    const previous = entries.get(key);
    if (previous) bytes -= previous.body.byteLength;
    entries.delete(key);
    entries.set(key, { body, status: response.status, headers: [...headers], expiresAt: now + ttlMs() });
    bytes += body.byteLength;
    for (const [oldest, entry] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      entries.delete(oldest);
      bytes -= entry.body.byteLength;
    }
  }
  headers.set('x-page-cache', 'miss');
  return new Response(body, { status: response.status, headers });
}
