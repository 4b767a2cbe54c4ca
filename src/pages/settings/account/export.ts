import type { APIRoute } from 'astro';
import { z } from 'zod';
import { startDataExport } from '#app/data-export/export.ts';
import { isAppError } from '#server/errors.ts';

const formatField = z.object({ format: z.enum(['json', 'html']) });

/**
 * "Download my data": a form post (so another site cannot make a member's browser
 * spend their downloads), answered with the file as it is built. Visitors are sent to
 * sign in by the middleware; a bad format is a 400; the rate limit a 429 with
 * Retry-After.
 */
export const POST: APIRoute = async ({ request, locals, redirect }) => {
  const viewer = locals.viewer;
  if (!viewer) return redirect('/signin?next=%2Fsettings%2Faccount', 303);
  const fields = await request.formData().catch(() => null);
  const form = formatField.safeParse({ format: fields?.get('format') });
  if (!form.success) return new Response('Choose JSON or HTML.', { status: 400 });
  try {
    const file = await startDataExport(viewer, form.data.format);
    return new Response(file.body, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS') {
      return new Response(error.message, {
        status: 429,
        headers: { 'retry-after': String(error.retryAfterSeconds ?? 60), 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    throw error;
  }
};
