import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requestIcs } from '#features/requests/sessions/session-calendar.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';
import { notFoundResponse, orNotFound } from '#server/http/page-helpers.ts';

/** One accepted session as an iCalendar file, for its two participants; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals }) => {
  const id = z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .safeParse(params.id);
  if (!id.success) return notFoundResponse();
  const file = await orNotFound(requestIcs(locals.viewer, id.data));
  if (file instanceof Response) return file;
  return new Response(file.body, { headers: calendarHeaders(file.filename) });
};
