import { getDb } from '#db/client.ts';
import type { Role } from '#db/schema/index.ts';
import { findAccountByEmail, findAccountByHandle, listStaff, setRole } from '#features/accounts/standing.service.ts';
import { recordAudit } from '#features/audit/audit.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { moderationNotices } from './moderation-notices.ts';
import { canAdminister, canChangeRole } from './permissions.ts';

/** Moderators and admins, for /admin; NOT_FOUND for anyone but an admin. */
export async function staffList(viewer: Viewer) {
  if (!canAdminister(viewer)) throw notFound();
  return listStaff();
}

/**
 * An admin appoints a member as moderator, or makes a moderator a member again. Every
 * change is in the audit log with the admin's reason, and the member is told.
 */
export async function changeModerator(
  actor: MemberViewer,
  input: { handle: string; reason: string; moderator: boolean },
  now = new Date(),
): Promise<{ displayName: string }> {
  if (!canAdminister(actor)) throw notFound();
  const member = await findAccountByHandle(input.handle);
  if (!member) throw invalid({ handle: 'There is no member with that handle.' });
  if (!canChangeRole(actor, member))
    throw invalid({ handle: 'Admins are changed with `npm run admin`, and you cannot change your own role here.' });
  const to: Role = input.moderator ? 'moderator' : 'member';
  if (member.role === to)
    throw invalid({
      handle: `${member.displayName} is ${to === 'moderator' ? 'a moderator' : 'not a moderator'} already.`,
    });
  if (to === 'moderator' && (member.suspendedAt || member.deletionDueAt))
    throw invalid({ handle: `${member.displayName} is suspended or leaving, so cannot moderate.` });
  const rows = await getDb().transaction(async (tx) => {
    await setRole(tx, member.id, to);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: 'role.change',
        memberId: member.id,
        reason: input.reason,
        detail: { from: member.role, to },
      },
      now,
    );
    return notify(tx, [moderationNotices.roleChanged(member.id, to as 'member' | 'moderator', input.reason)], now);
  });
  await deliverEmails(rows, now);
  return { displayName: member.displayName };
}

/**
 * The admin CLI (`npm run admin -- promote|demote <email>`): sets a role from the
 * server's shell, logged with no actor (whoever can run commands on the server).
 */
export async function setRoleFromShell(email: string, role: Role, now = new Date()) {
  const member = await findAccountByEmail(email);
  if (!member) throw new AppError('NOT_FOUND', `No account with the email ${email}.`);
  if (member.role === role) return { member, changed: false };
  await getDb().transaction(async (tx) => {
    await setRole(tx, member.id, role);
    await recordAudit(
      tx,
      {
        actorId: null,
        action: 'role.change',
        memberId: member.id,
        reason: 'Changed with the admin command line.',
        detail: { from: member.role, to: role },
      },
      now,
    );
  });
  return { member, changed: true };
}
