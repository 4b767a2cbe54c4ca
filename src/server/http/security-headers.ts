import { config } from '#server/config.ts';
import { CSP_DIRECTIVES } from './csp.ts';

const FALLBACK_CSP = [...CSP_DIRECTIVES, "script-src 'self'", "style-src 'self'"].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': FALLBACK_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** One year, the value browsers' preload lists ask for; only ever sent for an https site. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Adds the security headers to a response, leaving any a route set itself (Astro sets
 * the page's own CSP with its hashes). HSTS goes out whenever SITE_URL is https, also
 * when a TLS proxy in front speaks plain HTTP to this server.
 */
export function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(HEADERS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  if (config().secureCookies) headers.set('strict-transport-security', HSTS);
}
