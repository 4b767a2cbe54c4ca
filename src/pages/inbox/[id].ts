import type { APIRoute } from 'astro';
import { z } from 'zod';
import { openNotification } from '#features/notifications/notifications.service.ts';

/** Opening a notification marks it read and goes where it points. Someone else's id is a 404. */
export const GET: APIRoute = async ({ params, locals, redirect }) => {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const user = locals.user;
  if (!id.success || !user) return new Response(null, { status: 404 });
  const url = await openNotification(user.id, id.data);
  return url ? redirect(url, 303) : new Response(null, { status: 404 });
};
