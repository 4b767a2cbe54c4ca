import type { APIRoute } from 'astro';
import { z } from 'zod';
import { searchPeople } from '#features/people/people.service.ts';

/**
 * The shape a people search URL may have at all: known parameters, bounded sizes.
 * Values inside the bounds are normalised by the service (a long query is cut with a
 * notice, unknown facet values are ignored); anything beyond them is refused.
 */
const single = z.string().max(2000, 'A parameter is too long.');
const shape = z
  .object({
    q: single.optional(),
    skill: single.optional(),
    level: single.optional(),
    teach: single.optional(),
    learn: single.optional(),
    available: single.optional(),
    page: single.optional(),
    perPage: single.optional(),
    hitsPerPage: single.optional(),
    open: z.array(single).max(20).optional(),
    seniority: z.array(single).max(20).optional(),
    tz: z.array(single).max(20).optional(),
    lang: z.array(single).max(20).optional(),
  })
  .strict();

const REPEATED = new Set(['open', 'seniority', 'tz', 'lang']);

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', vary: 'cookie' },
  });
}

/** JSON for the people search island; the /people page renders the same answer on the server. */
export const GET: APIRoute = async ({ url, locals }) => {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    raw[key] = REPEATED.has(key) ? url.searchParams.getAll(key) : (url.searchParams.get(key) ?? '');
  }
  const checked = shape.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const message =
      issue?.code === 'unrecognized_keys'
        ? `Unknown parameter: ${issue.keys.join(', ')}.`
        : (issue?.message ?? 'Invalid search parameters.');
    return json({ error: message }, 400);
  }
  const body = await searchPeople(url.searchParams, locals.user);
  locals.publicCache = true;
  return json(body);
};
