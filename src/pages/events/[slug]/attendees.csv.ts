import type { APIRoute } from 'astro';
import { z } from 'zod';
import { attendeesCsv } from '#features/events/event-views.service.ts';
import { isAppError } from '#server/errors.ts';

/** The attendee list as CSV, for the organiser; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals }) => {
  const slug = z.string().max(120).safeParse(params.slug);
  if (!slug.success || !locals.user) return new Response(null, { status: 404 });
  try {
    const { filename, body } = await attendeesCsv(locals.user, slug.data);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return new Response(null, { status: 404 });
    throw error;
  }
};
