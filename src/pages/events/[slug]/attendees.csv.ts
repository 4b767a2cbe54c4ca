import type { APIRoute } from 'astro';
import { z } from 'zod';
import { attendeesCsv } from '#features/events/event-views.service.ts';
import { notFoundResponse, orNotFound } from '#server/http/page-helpers.ts';

/** The attendee list as CSV, for the organiser; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals }) => {
  const slug = z.string().max(120).safeParse(params.slug);
  if (!slug.success || !locals.viewer) return notFoundResponse();
  const file = await orNotFound(attendeesCsv(locals.viewer, slug.data));
  if (file instanceof Response) return file;
  return new Response(file.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  });
};
