/*
 * Astro puts the hash of every script and style it emits into each page's
 * Content-Security-Policy header, and computes those hashes again for every page it
 * renders (WebCrypto, asynchronous: a thread-pool job and several promises each). The
 * route's scripts and styles are the same bytes on every request, so that was about 4%
 * of a signed-in profile page's CPU for answers that never change. This remembers them.
 *
 * Keyed by the exact content and algorithm, so the header is byte for byte what Astro
 * computes (`csp-digest-plugin.ts` routes Astro's `generateCspDigest` through here).
 * Bounded in entries and in the size of what it keeps.
 */

/** How many distinct (content, algorithm) digests are kept; a site has a few dozen. */
export const CSP_DIGEST_ENTRIES = 256;
/** Content longer than this is hashed every time rather than kept as a key. */
export const CSP_DIGEST_MAX_CHARS = 64 * 1024;

const digests = new Map<string, Promise<string>>();

/**
 * The digest of `data` under `algorithm`, computed by `compute` the first time and
 * remembered after; a failed computation is not remembered.
 */
export function cachedCspDigest(
  data: string,
  algorithm: string,
  compute: (data: string, algorithm: string) => Promise<string>,
): Promise<string> {
  if (data.length > CSP_DIGEST_MAX_CHARS) return compute(data, algorithm);
  const key = `${algorithm}\n${data}`;
  const known = digests.get(key);
  if (known) return known;
  const digest = compute(data, algorithm);
  if (digests.size >= CSP_DIGEST_ENTRIES) digests.delete(digests.keys().next().value!);
  digests.set(key, digest);
  digest.catch(() => {
    if (digests.get(key) === digest) digests.delete(key);
  });
  return digest;
}

/** How many digests are remembered (tests). */
export function cachedCspDigestCount(): number {
  return digests.size;
}
