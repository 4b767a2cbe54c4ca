// Imported by astro.config.mjs as well, so it imports nothing.

/**
 * The Content-Security-Policy directives every response carries. Astro adds
 * `script-src` and `style-src` with the hashes of the scripts and styles it emits
 * (astro.config.mjs `security.csp`), so no inline script runs unless Astro put it
 * there; responses Astro does not render as pages (JSON, calendars, redirects) get
 * the same policy with `'self'` only, from `applySecurityHeaders`.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
] as const;
