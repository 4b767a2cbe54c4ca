import { getDb } from '#db/client.ts';
import { siteLink } from '#features/accounts/account-mail.ts';
import type { RequestOrigin, SignedIn } from '#features/accounts/accounts.service.ts';
import { resetPassword } from '#features/accounts/accounts.service.ts';
import type { SignInInput } from '#features/accounts/accounts.ts';
import { signIn } from '#features/accounts/sign-in.service.ts';
import {
  type AccountRow,
  cancelPendingDeletion,
  claimDueDeletion,
  confirmOwnPassword,
  dueDeletions,
  findAccount,
  markForDeletion,
} from '#features/accounts/standing.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { invalidateUserSessions, type SessionClient } from '#server/auth/sessions.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { AppError } from '#server/errors.ts';
import { sendMailInBackground } from '#server/mail/mailer.ts';
import { formatDateTime } from '#server/time/format.ts';
import { removeMember } from './removal.service.ts';
import { restoreMember, withdrawMember } from './withdrawal.service.ts';

/** How long a member has to change their mind: signing in before then keeps the account. */
export const DELETION_GRACE_MS = 14 * 24 * 60 * 60 * 1000;

function sendDeletionMail(account: AccountRow, dueAt: Date): void {
  sendMailInBackground({
    to: account.email,
    subject: 'Your whoknows account will be deleted',
    text: [
      `Hi ${account.displayName},`,
      `As you asked, your whoknows account will be deleted on ${formatDateTime(dueAt, 'UTC')} (UTC). ` +
        'Until then nobody sees your profile, lists or events, and your sessions have ended.',
      `Changed your mind? Sign in before that date and everything stays: ${siteLink('/signin')}`,
      'After it, nothing that identifies you remains: your account, profile, skills, lists, RSVPs and ' +
        'search entries are removed, and messages you wrote in others’ conversations show as “a former member”.',
    ].join('\n\n'),
  });
}

/**
 * A member asks to delete their account, confirming it with their password. At once
 * they leave: every session ends, they disappear from pages and search, their open
 * requests close and their events pass to a co-host or are cancelled (the one
 * withdrawal). The account itself goes after the grace period, unless they sign in.
 */
export async function requestAccountDeletion(
  viewer: MemberViewer,
  input: { password: string },
  now = new Date(),
): Promise<{ dueAt: Date }> {
  await confirmOwnPassword(viewer.id, input.password, now);
  const account = await findAccount(viewer.id);
  if (!account) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  if (account.suspendedAt) throw new AppError('FORBIDDEN', 'A suspended account cannot be deleted until it is lifted.');
  const dueAt = new Date(now.getTime() + DELETION_GRACE_MS);
  const rows = await getDb().transaction(async (tx) => {
    if (!(await markForDeletion(tx, viewer.id, dueAt, now)))
      throw new AppError('CONFLICT', 'This account is already waiting to be deleted.');
    await invalidateUserSessions(viewer.id, tx);
    return (await withdrawMember(tx, viewer.id, now)).rows;
  });
  await deliverEmails(rows, now);
  sendDeletionMail(account, dueAt);
  dataChanged('people', 'events', 'lists');
  return { dueAt };
}

/**
 * Signing in again within the grace period cancels the deletion: the member, their
 * lists and events are back in sight and search. False when nothing was pending.
 */
export async function keepAccount(userId: string, now = new Date()): Promise<boolean> {
  const kept = await getDb().transaction(async (tx) => {
    if (!(await cancelPendingDeletion(tx, userId, now))) return null;
    await restoreMember(tx, userId, now);
    return notify(
      tx,
      [
        {
          userId,
          kind: 'account.kept',
          title: 'Welcome back: your account will not be deleted',
          body:
            'Signing in cancelled the deletion you asked for. Your profile, lists and events are visible again; ' +
            'requests that closed and events that were cancelled when you left stay closed.',
          url: '/settings/account',
        },
      ],
      now,
    );
  });
  if (!kept) return false;
  dataChanged('people', 'events', 'lists');
  return true;
}

/** Signs in (accounts' rules) and, for an account waiting to be deleted, keeps it. */
export async function signInMember(input: SignInInput, origin: RequestOrigin, now = new Date()) {
  const signedIn = await signIn(input, origin, now);
  if (signedIn.leaving) await keepAccount(signedIn.userId, now);
  return signedIn;
}

/** Resets a password from a mailed link, which signs in: an account waiting to be deleted is kept. */
export async function resetPasswordAndSignIn(
  token: string,
  password: string,
  client: SessionClient,
  now = new Date(),
): Promise<SignedIn> {
  const signedIn = await resetPassword(token, password, client, now);
  if (signedIn.leaving) await keepAccount(signedIn.userId, now);
  return signedIn;
}

const BATCH = 20;

/**
 * The scheduled job: deletes every account whose grace period is over (removeMember).
 * Safe with several processes running it at once: each deletion first claims the
 * account inside its own write transaction, so only one process finds it due.
 */
export async function finishDueDeletions(now = new Date()): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = await dueDeletions(now, BATCH);
    let progress = 0;
    for (const id of ids) {
      const removal = await getDb().transaction(async (tx) =>
        (await claimDueDeletion(tx, id, now)) ? removeMember(tx, id, now) : null,
      );
      if (!removal) continue;
      progress++;
      await deliverEmails(removal.rows, now);
    }
    removed += progress;
    if (ids.length < BATCH || progress === 0) break;
  }
  if (removed > 0) dataChanged('people', 'events', 'lists');
  return removed;
}
