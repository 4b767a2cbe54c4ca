import type { APIRoute } from 'astro';
import { z } from 'zod';
import { seriesIcs } from '#features/events/series/series-views.service.ts';
import { calendarHeaders } from '#server/calendar/ics.ts';
import { notFoundResponse, orNotFound } from '#server/http/page-helpers.ts';

/** A whole series as one calendar file: its rule, skipped dates and dates changed on their own. */
export const GET: APIRoute = async ({ params, locals }) => {
  const slug = z.string().max(120).safeParse(params.slug);
  if (!slug.success) return notFoundResponse();
  const file = await orNotFound(seriesIcs(locals.viewer, slug.data));
  if (file instanceof Response) return file;
  return new Response(file.body, { headers: calendarHeaders(file.filename) });
};
