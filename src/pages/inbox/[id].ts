import type { APIRoute } from 'astro';
import { z } from 'zod';
import { notificationTarget, openNotification } from '#features/notifications/notifications.service.ts';

const noticeId = z.coerce.number().int().positive();

/**
 * Following a notification's address only goes where it points: a GET never changes
 * anything (link scanners and prefetching browsers send GETs). Someone else's id is a 404.
 */
export const GET: APIRoute = async ({ params, locals, redirect }) => {
  const id = noticeId.safeParse(params.id);
  const user = locals.user;
  if (!id.success || !user) return new Response(null, { status: 404 });
  const url = await notificationTarget(user.id, id.data);
  return url ? redirect(url, 303) : new Response(null, { status: 404 });
};

/** Opening a notification from the inbox (a form button) marks it read, then goes where it points. */
export const POST: APIRoute = async ({ params, locals, redirect }) => {
  const id = noticeId.safeParse(params.id);
  const user = locals.user;
  if (!id.success || !user) return new Response(null, { status: 404 });
  const url = await openNotification(user.id, id.data);
  return url ? redirect(url, 303) : new Response(null, { status: 404 });
};
