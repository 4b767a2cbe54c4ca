import { getDb } from '#db/client.ts';
import { findKnownDevice, isKnownAddress, rememberDevice } from '#server/auth/known-devices.ts';
import { verifyPassword } from '#server/auth/passwords.ts';
import {
  clearRateLimit,
  enforceRateLimit,
  hitRateLimit,
  RATE_LIMITS,
  rateLimitError,
} from '#server/auth/rate-limit.ts';
import { createSession } from '#server/auth/sessions.ts';
import { AppError } from '#server/errors.ts';
import { sendSignInAlertMail } from './account-mail.ts';
import * as repo from './accounts.repo.ts';
import { passwordDecoy, type RequestOrigin, type SignedIn, sendFreshVerification } from './accounts.service.ts';
import type { SignInInput } from './accounts.ts';

/** The same answer for an unknown email, a wrong password and an unconfirmed address, so none can be told apart. */
const WRONG_CREDENTIALS =
  'That email and password do not match an account whose address is confirmed. Check both, reset your password, ' +
  'or open the confirmation link we emailed you (we just sent a fresh one if the account is waiting for it).';

/**
 * Counts this attempt against every limit that applies, before the password is
 * checked (issue 8: parallel guesses must not outrun a counter written afterwards).
 * Returns the keys whose failures a success clears.
 */
async function countAttempt(
  email: string,
  userId: string | undefined,
  origin: RequestOrigin,
  knownDeviceId: string | null,
  now: Date,
): Promise<() => Promise<void>> {
  if (knownDeviceId) {
    // A browser this member signed in with before answers only for itself.
    await enforceRateLimit(RATE_LIMITS.signInPerDevice, knownDeviceId, now);
    return () => clearRateLimit(RATE_LIMITS.signInPerDevice, knownDeviceId);
  }
  await enforceRateLimit(RATE_LIMITS.signInPerIp, origin.ip, now);
  const pair = `${email}|${origin.ip}`;
  await enforceRateLimit(RATE_LIMITS.signInPerAccountAddress, pair, now);
  if (!userId || !(await isKnownAddress(userId, origin.ip, now))) {
    const ceiling = await hitRateLimit(RATE_LIMITS.signInAccountCeiling, email, now);
    if (!ceiling.allowed) {
      if (ceiling.count === RATE_LIMITS.signInAccountCeiling.limit + 1 && userId) await alertOwner(userId);
      throw rateLimitError(RATE_LIMITS.signInAccountCeiling, ceiling);
    }
  }
  return () => clearRateLimit(RATE_LIMITS.signInPerAccountAddress, pair);
}

async function alertOwner(userId: string): Promise<void> {
  const user = await repo.findUserById(userId);
  if (user) sendSignInAlertMail(user.email, user.displayName);
}

export interface SignInResult extends SignedIn {
  /** A new "known device" cookie to set, when this browser was not yet remembered for the member. */
  deviceToken: string | null;
  /** The account was waiting out its deletion: signing in is how its owner keeps it (src/features/leaving). */
  leaving: boolean;
}

/**
 * Signs in with email and password, always as a brand-new session. Every attempt is
 * counted before the password is verified; a browser the member used before has its
 * own counter, so a stranger's wrong guesses never lock the owner out of it.
 */
export async function signIn(input: SignInInput, origin: RequestOrigin, now = new Date()): Promise<SignInResult> {
  const [user, device] = await Promise.all([
    repo.findUserByEmail(input.email),
    findKnownDevice(origin.deviceToken, now),
  ]);
  const knownDeviceId = device && user && device.userId === user.id ? device.id : null;
  const clearFailures = await countAttempt(input.email, user?.id, origin, knownDeviceId, now);

  // An unknown email still costs one verification, so timing does not reveal which emails exist.
  const ok =
    (await verifyPassword(user?.passwordHash ?? (await passwordDecoy()), input.password)) && user !== undefined;
  if (!user || !ok) {
    throw new AppError('UNAUTHORIZED', WRONG_CREDENTIALS, { fields: { password: WRONG_CREDENTIALS } });
  }
  if (!user.emailVerifiedAt) {
    // Right password, address never confirmed: answered like a wrong password (so a
    // sign-up followed by a sign-in cannot test whether an address was free), and the
    // owner of the mailbox gets a fresh link.
    await sendFreshVerification(user, now);
    throw new AppError('UNAUTHORIZED', WRONG_CREDENTIALS, { fields: { password: WRONG_CREDENTIALS } });
  }
  if (user.deletionDueAt && user.deletionDueAt.getTime() <= now.getTime()) {
    // Past its grace period the account is as good as gone (the scheduled job removes it).
    throw new AppError('UNAUTHORIZED', WRONG_CREDENTIALS, { fields: { password: WRONG_CREDENTIALS } });
  }
  // A suspended member signs in too, to read the notice, export their data and appeal (see the middleware).
  await clearFailures();
  const { session, deviceToken } = await getDb().transaction(async (tx) => ({
    session: await createSession(user.id, tx, now, origin),
    deviceToken: await rememberDevice(user.id, device, origin.ip, now, tx),
  }));
  return {
    userId: user.id,
    handle: user.handle,
    token: session.token,
    cookieExpiresAt: session.cookieExpiresAt,
    deviceToken,
    leaving: user.deletionDueAt !== null,
  };
}
