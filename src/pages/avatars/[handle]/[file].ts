import type { APIRoute } from 'astro';
import { HANDLE_PATTERN } from '#features/accounts/accounts.ts';
import { answerAvatarRequest } from '#features/avatars/avatars.service.ts';

/** A member's face: an uploaded picture (WebP) or the generated one (SVG). */
export const GET: APIRoute = async ({ params, locals }) => {
  const handle = params.handle ?? '';
  const file = params.file ?? '';
  if (handle.length > 30 || !HANDLE_PATTERN.test(handle) || file.length > 40)
    return new Response(null, { status: 404 });
  const answer = await answerAvatarRequest(handle, file, locals.viewer);
  if (answer.kind === 'not-found') return new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } });
  if (answer.kind === 'moved')
    return new Response(null, { status: 302, headers: { location: answer.location, 'cache-control': 'no-cache' } });
  return new Response(answer.body, {
    headers: { 'content-type': answer.contentType, 'cache-control': answer.cacheControl },
  });
};
