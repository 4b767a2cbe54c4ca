import type { APIRoute } from 'astro';
import { z } from 'zod';
import { eventIcs } from '#features/events/event-views.service.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';
import { isAppError } from '#server/errors.ts';

/** The event's calendar file; drafts are 404 for everyone but their organiser. */
export const GET: APIRoute = async ({ params, locals }) => {
  const slug = z.string().max(120).safeParse(params.slug);
  if (!slug.success) return new Response(null, { status: 404 });
  try {
    const { filename, body } = await eventIcs(locals.user, slug.data);
    return new Response(body, { headers: calendarHeaders(filename) });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return new Response(null, { status: 404 });
    throw error;
  }
};
