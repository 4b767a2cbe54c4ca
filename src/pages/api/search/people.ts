import type { APIRoute } from 'astro';
import { searchParsedPeople } from '#features/people/people.service.ts';
import { readPeopleRequest } from '#features/people/people-query.ts';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', vary: 'cookie' },
  });
}

/**
 * JSON for the people search island; the /people page renders the same answer on the
 * server. The query is read once, strictly: unknown or oversized parameters get 400.
 */
export const GET: APIRoute = async ({ url, locals }) => {
  const request = readPeopleRequest(url.searchParams);
  if (!request.ok) return json({ error: request.error }, 400);
  const body = await searchParsedPeople(request, locals.viewer);
  locals.publicCache = true;
  return json(body);
};
