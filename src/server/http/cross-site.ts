import { config } from '#server/config.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser made on behalf of another site.
 * Astro's own origin check covers form posts; this one covers everything else (JSON
 * endpoints and action RPC calls). Browsers send Sec-Fetch-Site on every request and
 * Origin on every POST, so a cross-site write always carries one of them. Requests
 * with neither come from non-browser clients, which cannot ride a visitor's cookies.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.get('origin');
  if (!origin) return false;
  return origin !== new URL(request.url).origin && origin !== config().siteOrigin;
}
