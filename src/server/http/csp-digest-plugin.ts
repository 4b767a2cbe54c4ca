import { fileURLToPath } from 'node:url';
import { rewritingPlugin, routeThrough } from './build-rewrite.ts';

/*
 * A build step (Vite plugin, astro.config.mjs): Astro's `generateCspDigest`, which
 * hashes a page's scripts and styles for its CSP header on every render, is renamed and
 * called through `cachedCspDigest` (csp-digests.ts), so each distinct content is hashed
 * once per process. Astro offers no option for this. The build fails if Astro's source
 * no longer has the function, and tests/http/csp-digests.test.ts checks the built server
 * carries the step, so an upgrade cannot silently drop it.
 */

const TARGET = /[/\\]astro[/\\]dist[/\\]core[/\\]encryption\.js$/;
const CACHE_MODULE = fileURLToPath(new URL('./csp-digests.ts', import.meta.url));

/** Rewrites Astro's encryption module so `generateCspDigest` answers from `cachedCspDigest`. */
export function rewriteEncryptionModule(code: string, cacheModule = CACHE_MODULE): string {
  return routeThrough(code, {
    name: 'generateCspDigest',
    params: 'data, algorithm',
    async: true,
    renamedTo: 'generateCspDigestUncached',
    wrapper: 'cachedCspDigest',
    runtime: cacheModule,
    what: "csp-digest-plugin: Astro's generateCspDigest in core/encryption.js",
  });
}

/** The Vite plugin applying `rewriteEncryptionModule` to Astro's server code. */
export function cspDigestCache() {
  return rewritingPlugin('whoknows:csp-digest-cache', [[TARGET, (code) => rewriteEncryptionModule(code)]]);
}
