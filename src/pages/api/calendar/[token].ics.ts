import type { APIRoute } from 'astro';
import { CALENDAR_FEED_SOURCES } from '#app/calendar-sources.ts';
import { buildFeed, feedOwner } from '#features/calendar/calendar-feeds.service.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';

/**
 * A member's private calendar feed. Calendar apps fetch it without cookies, so the
 * secret token in the address is the only credential: unknown or revoked tokens get
 * 404, and the response is never cached by shared caches.
 */
export const GET: APIRoute = async ({ params }) => {
  const owner = typeof params.token === 'string' ? await feedOwner(params.token) : null;
  if (!owner) return new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } });
  const body = await buildFeed(owner.userId, owner.displayName, CALENDAR_FEED_SOURCES);
  return new Response(body, { headers: { ...calendarHeaders('whoknows.ics', 'inline'), 'x-robots-tag': 'noindex' } });
};
