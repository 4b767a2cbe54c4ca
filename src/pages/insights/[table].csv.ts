import type { APIRoute } from 'astro';
import { z } from 'zod';
import { INSIGHT_TABLES, insightsCsv, parseSelection } from '#features/insights/insights.service.ts';
import { isAppError } from '#server/errors.ts';

/** The tables behind /insights as CSV, for moderators and admins; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals, url }) => {
  const table = z.enum(INSIGHT_TABLES).safeParse(params.table);
  if (!table.success) return new Response(null, { status: 404 });
  try {
    const { filename, body } = await insightsCsv(locals.user, table.data, parseSelection(url.searchParams));
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
