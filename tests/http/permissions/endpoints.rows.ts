import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { emailPreferences, notifications } from '#db/schema/index.ts';
import { type Actor, type EndpointRow, ownerFor, type World } from './matrix.ts';

/**
 * Route files that take writes outside Astro actions: opening a notice from the inbox,
 * downloading one's data, and one-click unsubscribe.
 */

const memberOf = (world: World, actor: Actor) => world.members[actor as Exclude<Actor, 'visitor'>];

/**
 * Makes the owner's unsubscribe link the way mail does. The service signs with the
 * site key kept in the server's database, so this test process opens that database.
 */
async function unsubscribeToken(world: World, userId: string): Promise<string> {
  process.env.DATABASE_URL ??= `file:${world.server.dataDir}/whoknows.db`;
  process.env.SITE_URL ??= world.server.url;
  const { unsubscribeUrl } = await import('#features/notifications/email-preferences.service.ts');
  return new URL(await unsubscribeUrl(userId, 'events')).pathname.split('/').pop()!;
}

export const endpoints: EndpointRow[] = [
  {
    endpoint: 'src/pages/inbox/[id].ts',
    // Opening a notice marks it read and follows it; someone else's notice does not exist.
    expect: { visitor: 'signin', member: 404, owner: 'ok', moderator: 404, admin: 404, suspended: 403 },
    send: async (world, actor) => {
      const [row] = await world.db
        .insert(notifications)
        .values({ userId: ownerFor(world, actor).id, kind: 'request.new', title: 'A notice', url: '/requests' })
        .returning({ id: notifications.id });
      const response = await world.clients[actor].postForm(`/inbox/${row!.id}`, {});
      return {
        response,
        check: async () => {
          expect(response.headers.get('location')).toBe('/requests');
          const after = await world.db.select().from(notifications).where(eq(notifications.id, row!.id)).get();
          expect(after!.readAt).not.toBeNull();
        },
      };
    },
  },
  {
    endpoint: 'src/pages/settings/account/export.ts',
    // Everyone signed in downloads their own data, a suspended member too.
    expect: { visitor: 'signin', member: 'ok', owner: 'ok', moderator: 'ok', admin: 'ok', suspended: 'ok' },
    send: async (world, actor) => {
      const response = await world.clients[actor].postForm('/settings/account/export', { format: 'json' });
      return {
        response,
        check: async () => {
          expect(response.status).toBe(200);
          const data = JSON.parse(await response.clone().text()) as Record<string, unknown>;
          expect(JSON.stringify(data)).toContain(memberOf(world, actor).email);
        },
      };
    },
  },
  {
    endpoint: 'src/pages/unsubscribe/[token].astro',
    // The signed link is the permission (a mail app posts it without cookies), so any holder
    // may use it; signed in as a suspended member, the site takes no writes but the appeal.
    expect: { visitor: 'ok', member: 'ok', owner: 'ok', moderator: 'ok', admin: 'ok', suspended: 403 },
    send: async (world, actor) => {
      const userId = ownerFor(world, actor).id;
      const response = await world.clients[actor].postForm(`/unsubscribe/${await unsubscribeToken(world, userId)}`, {});
      return {
        response,
        check: async () => {
          const row = await world.db
            .select()
            .from(emailPreferences)
            .where(and(eq(emailPreferences.userId, userId), eq(emailPreferences.category, 'events')))
            .get();
          expect(row?.mode).toBe('off');
        },
      };
    },
  },
];
