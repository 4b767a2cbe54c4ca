import { listUserSessions } from '#server/auth/sessions.ts';
import * as repo from './accounts.repo.ts';
import { deviceName } from './device-name.ts';

/** The member's account for their data export: everything but the password hash. */
export async function accountExport(userId: string) {
  const user = await repo.findUserById(userId);
  if (!user) return null;
  return {
    email: user.email,
    emailConfirmedAt: user.emailVerifiedAt,
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
    joinedAt: user.createdAt,
    suspendedAt: user.suspendedAt,
    suspendedUntil: user.suspendedUntil,
    deletionDueAt: user.deletionDueAt,
  };
}

/** Where the member is signed in, as their sessions list shows it (with the full address, which is theirs). */
export async function sessionsExport(userId: string) {
  return (await listUserSessions(userId)).map((s) => ({
    device: deviceName(s.userAgent),
    userAgent: s.userAgent,
    address: s.ip,
    signedInAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
  }));
}
