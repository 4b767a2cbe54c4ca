import { type DbOrTx, getDb } from '#db/client.ts';
import type { TokenPurpose } from '#db/schema/index.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '#server/auth/passwords.ts';
import { clearRateLimit, enforceRateLimit, hitRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { createSession, invalidateUserSessions, type SessionClient } from '#server/auth/sessions.ts';
import { generateId, issueToken, secretMatches, splitToken } from '#server/auth/tokens.ts';
import { AppError, invalid } from '#server/errors.ts';
import { sendMailInBackground } from '#server/mail/mailer.ts';
import { sendVerificationMail, siteLink } from './account-mail.ts';
import * as repo from './accounts.repo.ts';

const HOUR = 60 * 60 * 1000;
const TOKEN_LIFETIME: Record<TokenPurpose, number> = { verify_email: 48 * HOUR, reset_password: 1 * HOUR };

/** Who is making the request: the address limits are keyed on, the browser, its "known device" cookie. */
export interface RequestOrigin extends SessionClient {
  ip: string;
  /** The "known device" cookie this browser carries, if any (server/auth/known-devices.ts). */
  deviceToken?: string;
}

export interface SignedIn {
  userId: string;
  handle: string;
  token: string;
  cookieExpiresAt: Date;
  /** True when the account was waiting out its deletion (signing in keeps it: src/features/leaving). */
  leaving?: boolean;
}

let dummyHash: Promise<string> | undefined;
/** A real argon2 hash to verify against when the email is unknown, so timing does not reveal accounts. */
export function passwordDecoy(): Promise<string> {
  dummyHash ??= hashPassword(`decoy-${generateId()}`);
  return dummyHash;
}

/** Issues a one-time mailed token (verification, reset) and returns it for the link. */
export async function issueAccountToken(userId: string, purpose: TokenPurpose, now: Date, db: DbOrTx = getDb()) {
  const { id, token, secretHash } = issueToken();
  await repo.insertAccountToken(
    {
      id,
      userId,
      purpose,
      secretHash: Buffer.from(secretHash),
      createdAt: now,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME[purpose]),
    },
    db,
  );
  return token;
}

/**
 * Mails a reset link if the address has an account. The answer is the same either
 * way, so the form cannot be used to find out who is a member.
 */
export async function requestPasswordReset(email: string, origin: RequestOrigin, now = new Date()): Promise<void> {
  await enforceRateLimit(RATE_LIMITS.resetPerIp, origin.ip, now);
  const user = await repo.findUserByEmail(email);
  if (!user) return;
  const perAccount = await hitRateLimit(RATE_LIMITS.resetPerAccount, user.id, now);
  if (!perAccount.allowed) return; // silently: saying so would confirm the account exists
  const token = await issueAccountToken(user.id, 'reset_password', now);
  sendMailInBackground({
    to: user.email,
    subject: 'Reset your whoknows password',
    text: [
      `Hi ${user.displayName},`,
      'Someone (hopefully you) asked to reset the password of your whoknows account. Choose a new password here:',
      siteLink(`/reset/${token}`),
      'The link works for one hour and only once. If you did not ask for this, ignore this message: ' +
        'your password stays as it is.',
    ].join('\n\n'),
  });
}

async function findTokenOwner(token: string, purpose: TokenPurpose, now: Date) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await repo.findUsableToken(parts.id, purpose, now);
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
  return row;
}

const EXPIRED_LINK = 'This link has expired or was already used. Ask for a new one.';

/** Whether a mailed reset link is still usable (to show the form or an explanation). */
export async function isResetTokenUsable(token: string, now = new Date()): Promise<boolean> {
  return (await findTokenOwner(token, 'reset_password', now)) !== null;
}

/** Sets a new password from a reset link, ends every session, and signs in afresh. */
export async function resetPassword(
  token: string,
  password: string,
  client: SessionClient = {},
  now = new Date(),
): Promise<SignedIn> {
  const row = await findTokenOwner(token, 'reset_password', now);
  if (!row) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const user = await repo.findUserById(row.userId);
  if (!user || (user.deletionDueAt && user.deletionDueAt.getTime() <= now.getTime()))
    throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const policy = checkPasswordPolicy(password, user);
  if (policy) throw invalid({ password: policy });
  const passwordHash = await hashPassword(password);

  const session = await getDb().transaction(async (tx) => {
    if (!(await repo.consumeToken(row.id, now, tx))) return null;
    await repo.retireTokens(user.id, 'reset_password', now, tx);
    await repo.updatePasswordHash(user.id, passwordHash, tx);
    // Proving control of the mailbox also verifies it.
    if (!user.emailVerifiedAt) await repo.markEmailVerified(user.id, now, tx);
    await invalidateUserSessions(user.id, tx);
    return createSession(user.id, tx, now, client);
  });
  if (!session) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  // Proving control of the mailbox lifts the account-wide sign-in pause.
  await clearRateLimit(RATE_LIMITS.signInAccountCeiling, user.email);
  return {
    userId: user.id,
    handle: user.handle,
    token: session.token,
    cookieExpiresAt: session.cookieExpiresAt,
    leaving: user.deletionDueAt !== null,
  };
}

/**
 * Confirms an email address from the mailed link and signs its owner in (the link
 * proves control of the mailbox, as a reset link does): this is how a newcomer's
 * sign-up completes. No new session when this browser is already signed in as them.
 */
export async function verifyEmail(
  token: string,
  client: SessionClient & { currentUserId?: string | null } = {},
  now = new Date(),
): Promise<{ handle: string; session: SignedIn | null }> {
  const row = await findTokenOwner(token, 'verify_email', now);
  if (!row) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const user = await repo.findUserById(row.userId);
  if (!user || user.suspendedAt) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const session = await getDb().transaction(async (tx) => {
    if (!(await repo.consumeToken(row.id, now, tx))) return undefined;
    await repo.retireTokens(user.id, 'verify_email', now, tx);
    if (!user.emailVerifiedAt) await repo.markEmailVerified(user.id, now, tx);
    return client.currentUserId === user.id ? null : createSession(user.id, tx, now, client);
  });
  if (session === undefined) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  return {
    handle: user.handle,
    session: session && {
      userId: user.id,
      handle: user.handle,
      token: session.token,
      cookieExpiresAt: session.cookieExpiresAt,
    },
  };
}

/**
 * Mails a fresh confirmation link to an account still waiting for one, at most a few
 * an hour (silently past that: saying so would tell a stranger the account exists).
 */
export async function sendFreshVerification(user: repo.UserRow, now = new Date(), next?: string): Promise<void> {
  if (user.emailVerifiedAt) return;
  if (!(await hitRateLimit(RATE_LIMITS.accountNoticePerAccount, user.id, now)).allowed) return;
  const token = await issueAccountToken(user.id, 'verify_email', now);
  sendVerificationMail(user.email, user.displayName, token, next);
}

/**
 * Mails a fresh verification link to a signed-in member who has not verified yet (a few
 * an hour). The link brings them back to `next` (a safe site path), e.g. the form they
 * could not send yet.
 */
export async function resendVerification(
  userId: string,
  next = '/settings/account?verified=1',
  now = new Date(),
): Promise<void> {
  const user = await repo.findUserById(userId);
  if (!user || user.emailVerifiedAt) return;
  await enforceRateLimit(RATE_LIMITS.verifyEmailPerAccount, user.id, now);
  const token = await issueAccountToken(user.id, 'verify_email', now);
  sendVerificationMail(user.email, user.displayName, token, next);
}

/** Changes the password of a signed-in member; every session ends and this browser gets a new one. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  client: SessionClient = {},
  now = new Date(),
): Promise<SignedIn> {
  const user = await repo.findUserById(userId);
  if (!user) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  await enforceRateLimit(RATE_LIMITS.passwordCheckPerUser, user.id, now);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw invalid({ currentPassword: 'That is not your current password.' });
  }
  const policy = checkPasswordPolicy(newPassword, user);
  if (policy) throw invalid({ newPassword: policy });
  const passwordHash = await hashPassword(newPassword);
  const session = await getDb().transaction(async (tx) => {
    await repo.updatePasswordHash(user.id, passwordHash, tx);
    await invalidateUserSessions(user.id, tx);
    return createSession(user.id, tx, now, client);
  });
  await clearRateLimit(RATE_LIMITS.passwordCheckPerUser, user.id);
  return { userId: user.id, handle: user.handle, token: session.token, cookieExpiresAt: session.cookieExpiresAt };
}

/** What the account settings page shows about the signed-in member's own account. */
export async function getAccountSettings(
  userId: string,
): Promise<{ email: string; emailVerifiedAt: Date | null } | null> {
  const user = await repo.findUserById(userId);
  return user ? { email: user.email, emailVerifiedAt: user.emailVerifiedAt } : null;
}
