import { fileURLToPath } from 'node:url';
import { replaceOnce } from './build-rewrite.ts';

/*
 * A build step (Vite plugin, astro.config.mjs): Astro's `generateCspDigest`, which
 * hashes a page's scripts and styles for its CSP header on every render, is renamed and
 * called through `cachedCspDigest` (csp-digests.ts), so each distinct content is hashed
 * once per process. Astro offers no option for this. The build fails if Astro's source
 * no longer has the function, and tests/http/csp-digests.test.ts checks the built server
 * carries the step, so an upgrade cannot silently drop it.
 */

const TARGET = /[/\\]astro[/\\]dist[/\\]core[/\\]encryption\.js$/;
const DECLARATION = 'async function generateCspDigest(data, algorithm) {';
const CACHE_MODULE = fileURLToPath(new URL('./csp-digests.ts', import.meta.url));

/** Rewrites Astro's encryption module so `generateCspDigest` answers from `cachedCspDigest`. */
export function rewriteEncryptionModule(code: string, cacheModule = CACHE_MODULE): string {
  const renamed = replaceOnce(
    code,
    DECLARATION,
    'async function generateCspDigestUncached(data, algorithm) {',
    "csp-digest-plugin: Astro's generateCspDigest in core/encryption.js",
  );
  return [
    `import { cachedCspDigest as __cachedCspDigest } from ${JSON.stringify(cacheModule)};`,
    renamed,
    'function generateCspDigest(data, algorithm) {',
    '  return __cachedCspDigest(data, algorithm, generateCspDigestUncached);',
    '}',
  ].join('\n');
}

/** The Vite plugin applying `rewriteEncryptionModule` to Astro's server code. */
export function cspDigestCache() {
  return {
    name: 'whoknows:csp-digest-cache',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!TARGET.test(id.split('?')[0]!)) return null;
      return { code: rewriteEncryptionModule(code), map: null };
    },
  };
}
