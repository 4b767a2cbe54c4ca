import { config } from '#server/config.ts';
import { publicOrigin } from './forwarded.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Refuses state-changing requests that a browser made on behalf of another site:
 * form posts, JSON endpoints and action calls alike (Astro's own origin check is off,
 * see astro.config.mjs). Browsers send Sec-Fetch-Site on every request and Origin on
 * every POST; a write is allowed when they say it came from this site, which is the
 * public origin in SITE_URL or the one the trusted proxies forward. A form-encoded
 * write with neither header is refused too (a form post always carries Origin); other
 * writes without them come from non-browser clients, which cannot ride a visitor's cookies.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin) return origin !== config().siteOrigin && origin !== publicOrigin(request);
  if (fetchSite) return false;
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  return FORM_TYPES.some((form) => type.includes(form));
}
