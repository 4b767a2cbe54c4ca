import { defineMiddleware, sequence } from 'astro:middleware';
import { ensureBooted } from '#app/boot.ts';
import { viewerOf } from '#features/members/viewer.ts';
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from './server/auth/cookies.ts';
import { validateSessionToken } from './server/auth/sessions.ts';
import { isCrossSiteWrite } from './server/http/cross-site.ts';
import { clientIp } from './server/http/forwarded.ts';
import { hasMalformedJsonBody } from './server/http/json-body.ts';
import { cachedPage, pageCacheGeneration, pageCacheUsable, storePage } from './server/http/page-cache.ts';
import { requiresAccount } from './server/http/protected-paths.ts';
import { applySecurityHeaders } from './server/http/security-headers.ts';
import { suspendedMayReach } from './server/http/suspended-access.ts';

/** Start-up (migrations, seed, search) finishes before the first request is answered. */
const boot = defineMiddleware(async (context, next) => {
  if (context.url.pathname === '/healthz') {
    // Health must answer even when start-up failed (it then reports what is down).
    await ensureBooted().catch(() => undefined);
    return next();
  }
  await ensureBooted();
  return next();
});

/** Every cross-site write (form posts, JSON endpoints, action calls) is refused before it runs; malformed JSON is a 400. */
const guardWrites = defineMiddleware(async ({ request }, next) => {
  if (isCrossSiteWrite(request)) {
    return new Response('Cross-site requests are not allowed.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  if (await hasMalformedJsonBody(request)) {
    return new Response(JSON.stringify({ error: 'The request body is not valid JSON.' }), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
  }
  return next();
});

/** Session cookie → locals.user; refreshes the cookie when activity extends it. */
const auth = defineMiddleware(async (context, next) => {
  context.locals.ip = clientIp(context.request, context.clientAddress);
  context.locals.user = null;
  context.locals.session = null;
  context.locals.viewer = null;
  const token = readSessionCookie(context.cookies);
  if (token) {
    const result = await validateSessionToken(token, new Date(), context.locals.ip);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      if (result.refreshed) setSessionCookie(context.cookies, token, result.cookieExpiresAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  // Who is asking, built once here and passed down to every service.
  context.locals.viewer = viewerOf(context.locals.user);
  if (!context.locals.user && requiresAccount(context.url.pathname)) {
    const next = `${context.url.pathname}${context.url.search}`;
    return context.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }
  // A suspended member may read the notice, download their data and appeal; nothing else.
  if (context.locals.user?.suspendedAt && !suspendedMayReach(context.url)) {
    const method = context.request.method;
    if (method === 'GET' || method === 'HEAD') return context.redirect('/suspended', 303);
    return new Response('Your account is suspended: see /suspended.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return next();
});

/** Headers every response carries, Retry-After on rate-limited answers, no caching of private pages. */
const headers = defineMiddleware(async (context, next) => {
  const response = await next();
  applySecurityHeaders(response.headers);
  if (context.locals.retryAfterSeconds !== undefined && !response.headers.has('retry-after')) {
    response.headers.set('retry-after', String(context.locals.retryAfterSeconds));
  }
  if (context.locals.user && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
});

/** Anonymous GETs of pages that marked themselves public are served from a short-lived cache. */
const pageCache = defineMiddleware(async (context, next) => {
  const key = `${context.url.pathname}${context.url.search}`;
  if (context.request.method !== 'GET' || context.locals.user || !pageCacheUsable(key)) return next();
  const hit = cachedPage(key);
  if (hit) return hit;
  const generation = pageCacheGeneration();
  const response = await next();
  if (!context.locals.publicCache || response.status !== 200) return response;
  return storePage(key, response, generation);
});

export const onRequest = sequence(boot, headers, guardWrites, auth, pageCache);
