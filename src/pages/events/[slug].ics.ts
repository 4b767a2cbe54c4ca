import type { APIRoute } from 'astro';
import { z } from 'zod';
import { eventIcs } from '#features/events/event-views.service.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';
import { notFoundResponse, orNotFound } from '#server/http/page-helpers.ts';

/** The event's calendar file; drafts are 404 for everyone but their organiser. */
export const GET: APIRoute = async ({ params, locals }) => {
  const slug = z.string().max(120).safeParse(params.slug);
  if (!slug.success) return notFoundResponse();
  const file = await orNotFound(eventIcs(locals.viewer, slug.data));
  if (file instanceof Response) return file;
  return new Response(file.body, { headers: calendarHeaders(file.filename) });
};
