import { config } from '#server/config.ts';
import { publicOrigin } from './forwarded.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/**
 * Writes that carry their own authority in a signed URL and that other sites are meant
 * to send: RFC 8058 one-click unsubscribe, which mail providers post server to server
 * (no Origin, no cookies). The signed token decides, and all it can do is stop email.
 */
const OPEN_WRITE_PREFIXES = ['/unsubscribe/'];

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
  if (request.method === 'POST' && OPEN_WRITE_PREFIXES.some((p) => new URL(request.url).pathname.startsWith(p)))
    return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin) return origin !== config().siteOrigin && origin !== publicOrigin(request);
  if (fetchSite) return false;
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  return FORM_TYPES.some((form) => type.includes(form));
}
