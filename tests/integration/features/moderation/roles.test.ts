import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { auditLog, rateLimits, users } from '#db/schema/index.ts';
import { readAuditLog } from '#features/audit/audit.service.ts';
import { changeModerator, setRoleFromShell, staffList } from '#features/moderation/roles.service.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor } from '../requests/helpers.ts';

let admin: Member;
let member: Member;
let moderator: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  admin = await createMember({ role: 'admin' });
  member = await createMember();
  moderator = await createMember({ role: 'moderator' });
});

const roleOf = async (m: Member) => (await getDb().select().from(users).where(eq(users.id, m.id)).get())!.role;

describe('appointing and removing moderators', () => {
  it('lets an admin appoint and remove a moderator, logged with the reason, and tells the member', async () => {
    await changeModerator(as(admin, 'admin'), {
      handle: member.handle,
      reason: 'Runs the Berlin meetups.',
      moderator: true,
    });
    expect(await roleOf(member)).toBe('moderator');
    expect((await noticesFor(member.id)).map((n) => n.kind)).toContain('moderation.role');
    await changeModerator(as(admin, 'admin'), { handle: member.handle, reason: 'Stepped back.', moderator: false });
    expect(await roleOf(member)).toBe('member');
    const log = await getDb().select().from(auditLog).where(eq(auditLog.memberId, member.id));
    expect(log.map((e) => [e.action, e.actorId, e.reason, e.detail])).toEqual([
      ['role.change', admin.id, 'Runs the Berlin meetups.', { from: 'member', to: 'moderator' }],
      ['role.change', admin.id, 'Stepped back.', { from: 'moderator', to: 'member' }],
    ]);
    expect((await staffList(as(admin, 'admin'))).map((s) => s.handle)).toContain(moderator.handle);
  });

  it('refuses moderators and members (404), an admin’s own role and another admin’s (beside the field)', async () => {
    const input = { handle: member.handle, reason: 'Promote me.', moderator: true };
    await expect(changeModerator(as(moderator, 'moderator'), input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(changeModerator(as(member), input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(staffList(as(moderator, 'moderator'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      changeModerator(as(admin, 'admin'), { handle: admin.handle, reason: 'Myself.', moderator: false }),
    ).rejects.toMatchObject({ fields: { handle: expect.any(String) } });
    const other = await createMember({ role: 'admin' });
    await expect(
      changeModerator(as(admin, 'admin'), { handle: other.handle, reason: 'Demote.', moderator: false }),
    ).rejects.toMatchObject({ fields: { handle: expect.any(String) } });
    expect(await roleOf(member)).toBe('member');
  });

  it('promotes from the shell (the admin CLI), logged with no actor', async () => {
    expect((await setRoleFromShell(member.email, 'admin')).changed).toBe(true);
    expect(await roleOf(member)).toBe('admin');
    expect((await setRoleFromShell(member.email, 'admin')).changed).toBe(false);
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.memberId, member.id));
    expect(entry).toMatchObject({ action: 'role.change', actorId: null });
    await expect(setRoleFromShell('nobody@example.test', 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the audit log page', () => {
  it('is for admins only', async () => {
    await changeModerator(as(admin, 'admin'), { handle: member.handle, reason: 'Helps a lot.', moderator: true });
    const { entries } = await readAuditLog(as(admin, 'admin'));
    expect(entries.some((e) => e.entry.memberId === member.id && e.entry.action === 'role.change')).toBe(true);
    await expect(readAuditLog(as(moderator, 'moderator'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readAuditLog(as(member))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readAuditLog(null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
