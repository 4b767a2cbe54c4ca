import { type DbOrTx, getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import type { TokenPurpose } from '#db/schema/index.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '#server/auth/passwords.ts';
import {
  clearRateLimit,
  enforceRateLimit,
  hitRateLimit,
  peekRateLimit,
  RATE_LIMITS,
  rateLimitError,
} from '#server/auth/rate-limit.ts';
import { createSession, invalidateUserSessions } from '#server/auth/sessions.ts';
import { generateId, issueToken, secretMatches, splitToken } from '#server/auth/tokens.ts';
import { config } from '#server/config.ts';
import { AppError, invalid } from '#server/errors.ts';
import { sendMailInBackground } from '#server/mail/mailer.ts';
import * as repo from './accounts.repo.ts';
import type { SignInInput, SignUpInput } from './accounts.ts';

const HOUR = 60 * 60 * 1000;
const TOKEN_LIFETIME: Record<TokenPurpose, number> = { verify_email: 48 * HOUR, reset_password: 1 * HOUR };

/** Who is making the request, as far as limits are concerned. */
export interface RequestOrigin {
  ip: string;
}

export interface SignedIn {
  userId: string;
  handle: string;
  token: string;
  cookieExpiresAt: Date;
}

let dummyHash: Promise<string> | undefined;
/** A real argon2 hash to verify against when the email is unknown, so timing does not reveal accounts. */
function timingDecoy(): Promise<string> {
  dummyHash ??= hashPassword(`decoy-${generateId()}`);
  return dummyHash;
}

function link(path: string): string {
  return new URL(path, config().siteOrigin).toString();
}

async function issueAccountToken(userId: string, purpose: TokenPurpose, now: Date, db: DbOrTx = getDb()) {
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

function sendVerificationMail(to: string, displayName: string, token: string): void {
  sendMailInBackground({
    to,
    subject: 'Confirm your email for whoknows',
    text: [
      `Hi ${displayName},`,
      'Welcome to whoknows. Please confirm your email address by opening this link:',
      link(`/verify/${token}`),
      'The link works for 48 hours. If you did not sign up, ignore this message.',
    ].join('\n\n'),
  });
}

/** Creates an account with its (empty) profile, signs it in, and mails a verification link. */
export async function signUp(input: SignUpInput, origin: RequestOrigin, now = new Date()): Promise<SignedIn> {
  await enforceRateLimit(RATE_LIMITS.signUpPerIp, origin.ip, now);
  const policy = checkPasswordPolicy(input.password, input);
  if (policy) throw invalid({ password: policy });

  const [byEmail, byHandle] = await Promise.all([
    repo.findUserByEmail(input.email),
    repo.findUserByHandle(input.handle),
  ]);
  const taken: Record<string, string> = {};
  if (byEmail) taken.email = 'An account with this email already exists. Sign in, or reset your password.';
  if (byHandle) taken.handle = 'That handle is taken. Try another.';
  if (Object.keys(taken).length > 0) throw invalid(taken);

  const passwordHash = await hashPassword(input.password);
  const userId = generateId();
  try {
    const result = await getDb().transaction(async (tx) => {
      await repo.insertUserWithProfile(
        {
          id: userId,
          email: input.email,
          passwordHash,
          handle: input.handle,
          displayName: input.displayName,
          createdAt: now,
          updatedAt: now,
        },
        { updatedAt: now },
        tx,
      );
      const session = await createSession(userId, tx, now);
      const verifyToken = await issueAccountToken(userId, 'verify_email', now, tx);
      return { session, verifyToken };
    });
    sendVerificationMail(input.email, input.displayName, result.verifyToken);
    return {
      userId,
      handle: input.handle,
      token: result.session.token,
      cookieExpiresAt: result.session.cookieExpiresAt,
    };
  } catch (error) {
    // Two sign-ups raced for the same email or handle: the unique index decided.
    const column = uniqueViolation(error);
    if (column?.includes('users.email'))
      throw invalid({ email: 'An account with this email already exists. Sign in, or reset your password.' });
    if (column?.includes('users.handle')) throw invalid({ handle: 'That handle is taken. Try another.' });
    throw error;
  }
}

const WRONG_CREDENTIALS = 'That email and password do not match an account. Check both, or reset your password.';

/**
 * Signs in with email and password, always as a brand-new session. Limited per IP
 * (every attempt) and per account (failures); the account limit is cleared on success.
 */
export async function signIn(input: SignInInput, origin: RequestOrigin, now = new Date()): Promise<SignedIn> {
  await enforceRateLimit(RATE_LIMITS.signInPerIp, origin.ip, now);
  const accountState = await peekRateLimit(RATE_LIMITS.signInPerAccount, input.email, now);
  if (accountState.count >= RATE_LIMITS.signInPerAccount.limit) {
    throw rateLimitError(RATE_LIMITS.signInPerAccount, accountState);
  }

  const user = await repo.findUserByEmail(input.email);
  // An unknown email still costs one verification, so timing does not reveal which emails exist.
  const ok = (await verifyPassword(user?.passwordHash ?? (await timingDecoy()), input.password)) && user !== null;
  if (!user || !ok) {
    const state = await hitRateLimit(RATE_LIMITS.signInPerAccount, input.email, now);
    if (!state.allowed) throw rateLimitError(RATE_LIMITS.signInPerAccount, state);
    throw new AppError('UNAUTHORIZED', WRONG_CREDENTIALS, { fields: { password: WRONG_CREDENTIALS } });
  }
  if (user.suspendedAt) {
    throw new AppError(
      'FORBIDDEN',
      'This account is suspended. Contact the moderators if you think this is a mistake.',
    );
  }
  await clearRateLimit(RATE_LIMITS.signInPerAccount, input.email);
  const session = await createSession(user.id, getDb(), now);
  return { userId: user.id, handle: user.handle, token: session.token, cookieExpiresAt: session.cookieExpiresAt };
}

/**
 * Mails a reset link if the address has an account. The answer is the same either
 * way, so the form cannot be used to find out who is a member.
 */
export async function requestPasswordReset(email: string, origin: RequestOrigin, now = new Date()): Promise<void> {
  await enforceRateLimit(RATE_LIMITS.resetPerIp, origin.ip, now);
  const user = await repo.findUserByEmail(email);
  if (!user || user.suspendedAt) return;
  const perAccount = await hitRateLimit(RATE_LIMITS.resetPerAccount, user.id, now);
  if (!perAccount.allowed) return; // silently: saying so would confirm the account exists
  const token = await issueAccountToken(user.id, 'reset_password', now);
  sendMailInBackground({
    to: user.email,
    subject: 'Reset your whoknows password',
    text: [
      `Hi ${user.displayName},`,
      'Someone (hopefully you) asked to reset the password of your whoknows account. Choose a new password here:',
      link(`/reset/${token}`),
      'The link works for one hour and only once. If you did not ask for this, ignore this message: your password stays as it is.',
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
export async function resetPassword(token: string, password: string, now = new Date()): Promise<SignedIn> {
  const row = await findTokenOwner(token, 'reset_password', now);
  if (!row) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const user = await repo.findUserById(row.userId);
  if (!user) throw new AppError('NOT_FOUND', EXPIRED_LINK);
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
    return createSession(user.id, tx, now);
  });
  if (!session) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  await clearRateLimit(RATE_LIMITS.signInPerAccount, user.email);
  return { userId: user.id, handle: user.handle, token: session.token, cookieExpiresAt: session.cookieExpiresAt };
}

/** Confirms an email address from the mailed link. */
export async function verifyEmail(token: string, now = new Date()): Promise<{ handle: string }> {
  const row = await findTokenOwner(token, 'verify_email', now);
  if (!row) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  const user = await repo.findUserById(row.userId);
  if (!user) throw new AppError('NOT_FOUND', EXPIRED_LINK);
  await getDb().transaction(async (tx) => {
    await repo.consumeToken(row.id, now, tx);
    await repo.retireTokens(user.id, 'verify_email', now, tx);
    if (!user.emailVerifiedAt) await repo.markEmailVerified(user.id, now, tx);
  });
  return { handle: user.handle };
}

/** Mails a fresh verification link to a signed-in member who has not verified yet. */
export async function resendVerification(userId: string, now = new Date()): Promise<void> {
  const user = await repo.findUserById(userId);
  if (!user || user.emailVerifiedAt) return;
  await enforceRateLimit(RATE_LIMITS.verifyEmailPerAccount, user.id, now);
  const token = await issueAccountToken(user.id, 'verify_email', now);
  sendVerificationMail(user.email, user.displayName, token);
}

/** Changes the password of a signed-in member; every session ends and this browser gets a new one. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  now = new Date(),
): Promise<SignedIn> {
  const user = await repo.findUserById(userId);
  if (!user) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  await enforceRateLimit(RATE_LIMITS.signInPerAccount, user.email, now);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw invalid({ currentPassword: 'That is not your current password.' });
  }
  const policy = checkPasswordPolicy(newPassword, user);
  if (policy) throw invalid({ newPassword: policy });
  const passwordHash = await hashPassword(newPassword);
  const session = await getDb().transaction(async (tx) => {
    await repo.updatePasswordHash(user.id, passwordHash, tx);
    await invalidateUserSessions(user.id, tx);
    return createSession(user.id, tx, now);
  });
  await clearRateLimit(RATE_LIMITS.signInPerAccount, user.email);
  return { userId: user.id, handle: user.handle, token: session.token, cookieExpiresAt: session.cookieExpiresAt };
}

/** What the account settings page shows about the signed-in member's own account. */
export async function getAccountSettings(
  userId: string,
): Promise<{ email: string; emailVerifiedAt: Date | null } | null> {
  const user = await repo.findUserById(userId);
  return user ? { email: user.email, emailVerifiedAt: user.emailVerifiedAt } : null;
}
