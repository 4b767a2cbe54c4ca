import type { APIRoute } from 'astro';
import { z } from 'zod';
import { suggestSkills } from '#features/skills/skills.service.ts';

const query = z.object({
  q: z
    .string()
    .catch('')
    .transform((q) => q.slice(0, 60)),
  limit: z.coerce.number().int().min(1).max(20).catch(8),
});

/**
 * Type-ahead over the skill catalogue for the skill editor: names, aliases ("k8s"),
 * prefixes and small typos. Public data, the same for everyone, so it may be cached briefly.
 */
export const GET: APIRoute = async ({ url }) => {
  const { q, limit } = query.parse({
    q: url.searchParams.get('q') ?? '',
    limit: url.searchParams.get('limit') ?? undefined,
  });
  const suggestions = await suggestSkills(q, limit);
  return new Response(JSON.stringify({ q, suggestions }), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60' },
  });
};
