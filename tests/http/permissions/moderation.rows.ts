import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { appeals, readingLists, reports, users } from '#db/schema/index.ts';
import { createList, createMember, type Member } from '#tests/helpers/factories.ts';
import { type ActionRow, only, type PageRow, type World } from './matrix.ts';

/**
 * Reports, moderation, appeals and roles. Any member reports what is not theirs (their
 * own is explained, 400); moderators and admins act on cases and members (to everyone
 * else those do not exist: 404); only admins change roles; only a suspended member
 * appeals (others are told there is nothing to appeal, 409).
 */

const STAFF = only(['moderator', 'admin']);
const field = (fields: unknown, name: string) => (fields as Record<string, string>)[name]!;
const reason = 'Breaks the code of conduct.';
const userRow = (world: World, id: string) => world.db.select().from(users).where(eq(users.id, id)).get();

/** An open report by a fresh member on a fresh list of the owner's (a case to act on). */
async function openCase(world: World, hidden = false): Promise<{ reportId: number; listId: string }> {
  const list = await createList({ owner: world.members.owner }, world.db);
  if (hidden) await world.db.update(readingLists).set({ hiddenAt: new Date() }).where(eq(readingLists.id, list.id));
  const reporter = await createMember({}, world.db);
  const [row] = await world.db
    .insert(reports)
    .values({
      subjectKind: 'list',
      subjectId: list.id,
      subjectOwnerId: world.members.owner.id,
      reporterId: reporter.id,
      reason: 'spam',
      details: 'Affiliate links.',
      snapshot: { title: list.title, url: `/lists/${list.slug}`, fields: [] },
      status: hidden ? 'actioned' : 'open',
    })
    .returning({ id: reports.id });
  return { reportId: row!.id, listId: list.id };
}

/** A fresh member for a moderator to act on (suspended already, when asked). */
async function target(world: World, suspended = false): Promise<Member> {
  const member = await createMember({}, world.db);
  if (suspended) await world.db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, member.id));
  return member;
}

async function openAppeal(world: World): Promise<number> {
  const member = await target(world, true);
  const [row] = await world.db
    .insert(appeals)
    .values({ userId: member.id, body: 'I was travelling and someone else used my laptop, please look again.' })
    .returning({ id: appeals.id });
  return row!.id;
}

const hiddenAt = async (world: World, listId: string) =>
  (await world.db.select().from(readingLists).where(eq(readingLists.id, listId)).get())!.hiddenAt;

export const rows: ActionRow[] = [
  {
    action: 'moderation.report',
    // Anyone signed in reports what is not theirs; the owner is told it is their own.
    expect: only(['member', 'moderator', 'admin'], { owner: 400 }),
    fields: async (world) => {
      const list = await createList({ owner: world.members.owner }, world.db);
      return { kind: 'list', id: list.slug, reason: 'spam', details: 'Affiliate links.' };
    },
    effect: async (world, actor) => {
      const mine = await world.db
        .select()
        .from(reports)
        .where(eq(reports.reporterId, world.members[actor as 'member'].id));
      expect(mine.length, actor).toBeGreaterThan(0);
    },
  },
  {
    action: 'moderation.dismiss',
    expect: STAFF,
    fields: async (world) => ({ reportId: String((await openCase(world)).reportId), reason }),
    effect: async (world, _actor, fields) => {
      const row = await world.db
        .select()
        .from(reports)
        .where(eq(reports.id, Number(field(fields, 'reportId'))))
        .get();
      expect(row!.status).toBe('dismissed');
    },
  },
  {
    action: 'moderation.hide',
    expect: STAFF,
    fields: async (world) => {
      const { reportId, listId } = await openCase(world);
      return { reportId: String(reportId), reason, listId };
    },
    effect: async (world, _actor, fields) => expect(await hiddenAt(world, field(fields, 'listId'))).not.toBeNull(),
  },
  {
    action: 'moderation.restore',
    expect: STAFF,
    fields: async (world) => {
      const { reportId, listId } = await openCase(world, true);
      return { reportId: String(reportId), reason, listId };
    },
    effect: async (world, _actor, fields) => expect(await hiddenAt(world, field(fields, 'listId'))).toBeNull(),
  },
  {
    action: 'moderation.warn',
    expect: STAFF,
    fields: async (world) => ({ memberId: (await target(world)).id, reason }),
  },
  {
    action: 'moderation.suspend',
    expect: STAFF,
    fields: async (world) => ({ memberId: (await target(world)).id, reason, length: '7d' }),
    effect: async (world, _actor, fields) =>
      expect((await userRow(world, field(fields, 'memberId')))!.suspendedAt).not.toBeNull(),
  },
  {
    action: 'moderation.lift',
    expect: STAFF,
    fields: async (world) => ({ memberId: (await target(world, true)).id, reason }),
    effect: async (world, _actor, fields) =>
      expect((await userRow(world, field(fields, 'memberId')))!.suspendedAt).toBeNull(),
  },
  {
    action: 'moderation.appeal',
    // The one write a suspended member still has; nobody else has anything to appeal.
    expect: { visitor: 401, member: 409, owner: 409, moderator: 409, admin: 409, suspended: 'ok' },
    fields: () => ({ body: 'Please look again: the list was a joke between friends, and I took it down.' }),
    effect: async (world) => {
      const row = await world.db.select().from(appeals).where(eq(appeals.userId, world.members.suspended.id)).get();
      expect(row?.status).toBe('open');
    },
  },
  {
    action: 'moderation.rejectAppeal',
    expect: STAFF,
    fields: async (world) => ({ appealId: String(await openAppeal(world)), reason }),
  },
  {
    action: 'moderation.grantAppeal',
    expect: STAFF,
    fields: async (world) => ({ appealId: String(await openAppeal(world)), reason }),
  },
  {
    action: 'moderation.appointModerator',
    expect: only(['admin']),
    fields: async (world) => ({ handle: (await target(world)).handle, reason: 'Reliable reports.' }),
    effect: async (world, _actor, fields) => {
      const row = await world.db
        .select()
        .from(users)
        .where(eq(users.handle, field(fields, 'handle')))
        .get();
      expect(row!.role).toBe('moderator');
    },
  },
  {
    action: 'moderation.removeModerator',
    expect: only(['admin']),
    fields: async (world) => {
      const moderator = await createMember({ role: 'moderator' }, world.db);
      return { handle: moderator.handle, reason: 'Stepped back.' };
    },
    effect: async (world, _actor, fields) => {
      const row = await world.db
        .select()
        .from(users)
        .where(eq(users.handle, field(fields, 'handle')))
        .get();
      expect(row!.role).toBe('member');
    },
  },
];

const STAFF_PAGE: PageRow['expect'] = {
  visitor: 'signin',
  member: 404,
  owner: 404,
  moderator: 200,
  admin: 200,
  suspended: 'notice',
};
export const pages: PageRow[] = [
  { page: '/moderation', expect: STAFF_PAGE, path: () => '/moderation' },
  { page: '/requests/reported', expect: STAFF_PAGE, path: () => '/requests/reported' },
  {
    page: '/moderation/reports/[id]',
    expect: STAFF_PAGE,
    path: async (world) => `/moderation/reports/${(await openCase(world)).reportId}`,
  },
  {
    page: '/moderation/members/[handle]',
    expect: STAFF_PAGE,
    path: (world) => `/moderation/members/${world.members.owner.handle}`,
  },
  {
    page: '/moderation/appeals/[id]',
    expect: STAFF_PAGE,
    path: async (world) => `/moderation/appeals/${await openAppeal(world)}`,
  },
  {
    page: '/admin',
    expect: { ...STAFF_PAGE, moderator: 404 },
    path: () => '/admin',
  },
  {
    page: '/report (the form)',
    // Reporting someone else's thing; the owner is told it is their own (the page still answers).
    expect: { visitor: 'signin', member: 200, owner: 200, moderator: 200, admin: 200, suspended: 'notice' },
    path: async (world) => `/report?kind=profile&id=${world.members.owner.handle}`,
  },
];
