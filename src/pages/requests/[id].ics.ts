import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requestIcs } from '#features/requests/sessions/session-calendar.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';
import { isAppError } from '#server/errors.ts';

/** One accepted session as an iCalendar file, for its two participants; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals }) => {
  const id = z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .safeParse(params.id);
  if (!id.success) return new Response(null, { status: 404 });
  try {
    const file = await requestIcs(locals.user, id.data);
    return new Response(file.body, { headers: calendarHeaders(file.filename) });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return new Response(null, { status: 404 });
    throw error;
  }
};
