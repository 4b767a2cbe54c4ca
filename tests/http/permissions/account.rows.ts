import { and, eq, isNotNull } from 'drizzle-orm';
import { expect } from 'vitest';
import { calendarFeeds, notifications, sessions, users } from '#db/schema/index.ts';
import { issueAccountToken } from '#features/accounts/accounts.service.ts';
import { createMember, TEST_PASSWORD } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { type ActionRow, only, type PageRow, signInAgain, type World } from './matrix.ts';

/** Accounts, sessions, notices and calendar feeds: each member acts on their own account only. */

let n = 0;
const fresh = () => `pm-new-${++n}-${Math.random().toString(36).slice(2, 6)}`;
const NEW_PASSWORD = 'lantern meadow quartz';
const userRow = (world: World, id: string) => world.db.select().from(users).where(eq(users.id, id)).get();
/** Anyone signed in and not suspended may act on their own account; visitors 401, a suspended member 403. */
const SELF = only(['member', 'owner', 'moderator', 'admin']);
/** Public forms: anyone but a suspended member (who may only read the notice, export and appeal). */
const PUBLIC = only(['visitor', 'member', 'owner', 'moderator', 'admin']);

const crossSite = (action: string, fields: Record<string, string>) => async (world: World) => {
  const response = await world.clients.member.postForm(`/_actions/${action}`, fields, {
    origin: 'https://evil.example',
  });
  expect(response.status, `${action} from another site`).toBe(403);
};

export const rows: ActionRow[] = [
  {
    action: 'accounts.signUp',
    expect: PUBLIC,
    standIn: true,
    fields: () => {
      const handle = fresh();
      return { displayName: 'New Person', handle, email: `${handle}@example.test`, password: NEW_PASSWORD };
    },
    effect: async (world, _actor, fields) => {
      const email = (fields as Record<string, string>).email!;
      expect(await world.db.select().from(users).where(eq(users.email, email)).get()).toBeDefined();
    },
  },
  {
    action: 'accounts.signIn',
    expect: PUBLIC,
    standIn: true,
    // The stand-in signs in with its own password on a second client.
    fields: (_world, _actor, self) => {
      if (self) return { email: self.email, password: TEST_PASSWORD };
      return { email: 'pm-owner@example.test', password: TEST_PASSWORD };
    },
  },
  {
    action: 'accounts.signOut',
    expect: only(['visitor', 'member', 'owner', 'moderator', 'admin', 'suspended']),
    standIn: true,
    fields: () => ({}),
    effect: async (world, actor, _fields, self) => {
      if (!self) return;
      const left = await world.db.select().from(sessions).where(eq(sessions.userId, self.id));
      expect(left, `${actor} has no session left`).toHaveLength(0);
    },
    refusal: crossSite('accounts.signOut', {}),
  },
  {
    action: 'accounts.requestReset',
    expect: PUBLIC,
    standIn: true,
    fields: (world) => ({ email: world.members.owner.email }),
  },
  {
    action: 'accounts.resetPassword',
    expect: PUBLIC,
    standIn: true,
    fields: async (world, _actor, self) => {
      const target = self ?? (await createMember({}, world.db));
      return {
        token: await issueAccountToken(target.id, 'reset_password', new Date(), world.db),
        password: NEW_PASSWORD,
      };
    },
  },
  {
    action: 'accounts.verifyEmail',
    expect: PUBLIC,
    standIn: true,
    fields: async (world, _actor, self) => {
      const target = self ?? (await createMember({ verified: false }, world.db));
      return { token: await issueAccountToken(target.id, 'verify_email', new Date(), world.db) };
    },
  },
  {
    action: 'accounts.resendVerification',
    expect: SELF,
    standIn: true,
    fields: async (world, _actor, self) => {
      if (self) await world.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, self.id));
      return {};
    },
  },
  {
    action: 'accounts.changePassword',
    expect: SELF,
    standIn: true,
    fields: () => ({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
    effect: async (world, actor, _fields, self) => {
      const before = await createMember({}, world.db);
      expect((await userRow(world, self!.id))!.passwordHash, actor).not.toBe(
        (await userRow(world, before.id))!.passwordHash,
      );
    },
  },
  {
    action: 'accounts.endSession',
    // Ending another member's session is a 404 (the owner's phone stays signed in).
    expect: only(['owner'], { suspended: 403 }),
    fields: async (world, actor) => {
      const target = actor === 'suspended' ? world.members.suspended : world.members.owner;
      const phone = await signInAgain(world, target);
      return { sessionId: phone.cookies.get('session')!.split('.')[0]! };
    },
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).sessionId!;
      expect(await world.db.select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
    },
  },
  {
    action: 'accounts.endOtherSessions',
    expect: SELF,
    standIn: true,
    fields: async (world, _actor, self) => {
      if (self) await signInAgain(world, self);
      return {};
    },
    effect: async (world, actor, _fields, self) => {
      const left = await world.db.select().from(sessions).where(eq(sessions.userId, self!.id));
      expect(left, actor).toHaveLength(1);
    },
  },
  {
    action: 'accounts.deleteAccount',
    expect: SELF,
    standIn: true,
    fields: () => ({ password: TEST_PASSWORD, confirm: 'yes' }),
    effect: async (world, actor, _fields, self) => {
      const row = await world.db
        .select()
        .from(users)
        .where(and(eq(users.id, self!.id), isNotNull(users.deletionDueAt)))
        .get();
      expect(row, `${actor}'s deletion is pending`).toBeDefined();
    },
  },
  {
    action: 'notifications.markRead',
    // Anyone signed in may mark notices read, but only their own: someone else's stays unread.
    expect: SELF,
    fields: async (world, actor) => {
      const target = actor === 'suspended' ? world.members.suspended : world.members.owner;
      const [row] = await world.db
        .insert(notifications)
        .values({ userId: target.id, kind: 'request.new', title: 'A notice', url: '/inbox' })
        .returning({ id: notifications.id });
      return { id: String(row!.id) };
    },
    effect: async (world, actor, fields) => {
      const id = Number((fields as Record<string, string>).id);
      const row = await world.db.select().from(notifications).where(eq(notifications.id, id)).get();
      if (actor === 'owner') expect(row!.readAt).not.toBeNull();
      else expect(row!.readAt, `${actor} marked the owner's notice read`).toBeNull();
    },
  },
  {
    action: 'notifications.saveEmailPreferences',
    expect: SELF,
    fields: () => ({
      requests: 'instant',
      events: 'off',
      announcements: 'off',
      reminders: 'off',
      follows: 'off',
    }),
  },
  {
    action: 'notifications.setPreference',
    expect: SELF,
    fields: () => ({ kind: 'event.learners_invited', state: 'off' }),
  },
  {
    action: 'calendar.issueFeed',
    expect: SELF,
    fields: () => ({}),
    effect: async (world, actor) => {
      const id = world.members[actor as 'member'].id;
      expect(
        await world.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, id)).get(),
        actor,
      ).toBeDefined();
    },
  },
  {
    action: 'calendar.revokeFeed',
    expect: SELF,
    fields: () => ({}),
  },
];

/** Private pages of one's own account: visitors sign in, a suspended member gets the notice. */
const OWN_PAGE: PageRow['expect'] = {
  visitor: 'signin',
  member: 200,
  owner: 200,
  moderator: 200,
  admin: 200,
  suspended: 'notice',
};

export const pages: PageRow[] = [
  ...[
    '/settings/account',
    '/settings/profile',
    '/settings/skills',
    '/settings/availability',
    '/settings/avatar',
    '/settings/blocks',
    '/settings/calendar',
    '/settings/following',
    '/settings/notifications',
    '/settings/reports',
    '/inbox',
    '/requests',
    '/mentoring',
    '/matches',
  ].map((path) => ({ page: path, expect: OWN_PAGE, path: () => path })),
  {
    page: '/suspended (the notice)',
    // Only a suspended member has a notice to read; everyone else signed in is sent on.
    expect: { visitor: 'signin', member: 'home', owner: 'home', moderator: 'home', admin: 'home', suspended: 200 },
    path: () => '/suspended',
  },
];

/** A fresh anonymous client (for rows that need a visitor who is not the shared one). */
export const visitor = (world: World) => new HttpClient(world.server.url);
