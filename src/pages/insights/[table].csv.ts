import type { APIRoute } from 'astro';
import { z } from 'zod';
import { INSIGHT_TABLES, insightsCsv, parseSelection } from '#features/insights/insights.service.ts';
import { notFoundResponse, orNotFound } from '#server/http/page-helpers.ts';

/** The tables behind /insights as CSV, for moderators and admins; anyone else gets 404. */
export const GET: APIRoute = async ({ params, locals, url }) => {
  const table = z.enum(INSIGHT_TABLES).safeParse(params.table);
  if (!table.success) return notFoundResponse();
  const file = await orNotFound(insightsCsv(locals.viewer, table.data, parseSelection(url.searchParams)));
  if (file instanceof Response) return file;
  return new Response(file.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  });
};
