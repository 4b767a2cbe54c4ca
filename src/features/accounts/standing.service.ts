import type { DbOrTx } from '#db/client.ts';
import type { Role } from '#db/schema/index.ts';
import { verifyPassword } from '#server/auth/passwords.ts';
import { clearRateLimit, enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { invalid } from '#server/errors.ts';
import * as repo from './accounts.repo.ts';

/*
 * An account's standing and role, written for the features that decide them: the
 * moderation feature (suspensions, roles) and the leaving feature (account deletion).
 * The rules of who may do what live there; these only write, conditionally.
 */

export type AccountRow = repo.UserRow;

export const findAccount = (id: string, db?: DbOrTx) => repo.findUserById(id, db);
export const findAccountByEmail = (email: string) => repo.findUserByEmail(email.trim().toLowerCase());
export const findAccountByHandle = (handle: string) => repo.findUserByHandle(handle.trim().toLowerCase());

/** Checks a signed-in member's own password before something irreversible; rate-limited like a password change. */
export async function confirmOwnPassword(userId: string, password: string, now = new Date()): Promise<void> {
  const user = await repo.findUserById(userId);
  await enforceRateLimit(RATE_LIMITS.passwordCheckPerUser, userId, now);
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw invalid({ password: 'That is not your password.' });
  }
  await clearRateLimit(RATE_LIMITS.passwordCheckPerUser, userId);
}

export const setRole = (tx: DbOrTx, userId: string, role: Role) => repo.setRole(userId, role, tx);
export const listStaff = () => repo.listStaff();

export const suspendAccount = (tx: DbOrTx, userId: string, at: Date, until: Date | null) =>
  repo.setSuspended(userId, at, until, tx);
export const liftAccountSuspension = (tx: DbOrTx, userId: string, at: Date) => repo.clearSuspension(userId, at, tx);
export const endedSuspensions = (now: Date, limit = 50) => repo.endedSuspensions(now, limit);

export const markForDeletion = (tx: DbOrTx, userId: string, dueAt: Date, now: Date) =>
  repo.setDeletionDue(userId, dueAt, now, tx);
export const cancelPendingDeletion = (tx: DbOrTx, userId: string, now: Date) =>
  repo.clearPendingDeletion(userId, now, tx);
export const claimDueDeletion = (tx: DbOrTx, userId: string, now: Date) => repo.claimDueDeletion(userId, now, tx);
export const dueDeletions = (now: Date, limit = 20) => repo.dueDeletions(now, limit);
export const deleteAccountRow = (tx: DbOrTx, userId: string) => repo.deleteUser(userId, tx);
