import { AppError } from '#server/errors.ts';
import * as repo from './verified-email.repo.ts';

/*
 * One rule for every action that reaches other people (sending or picking up a request,
 * writing in a request thread, feedback and endorsements, reports, publishing an event,
 * inviting co-hosts and speakers, announcements, reading lists): the member's email
 * address must be confirmed. Sign-up completes only through the emailed link, so this
 * guards sessions from before that rule and any later change of address. The state is
 * read from the database on each call, so it is never a stale copy from sign-in.
 * Stepping back (declining, withdrawing, cancelling, deleting, blocking) stays open to
 * everyone, so nobody is held in something they want out of.
 */

/** Whether the member has confirmed their email address. */
export async function isEmailVerified(userId: string): Promise<boolean> {
  return (await repo.findEmailVerifiedAt(userId)) !== null;
}

/** What an unconfirmed member is told beside an action they may not take yet. */
export function unverifiedEmailMessage(doing: string): string {
  return `Confirm your email address to ${doing}: open the link we emailed you, or send the link again.`;
}

/**
 * Refuses (403) an action that reaches other people while the member's address is
 * unconfirmed. `doing` completes "Confirm your email address to …", e.g. "send requests".
 */
export async function requireVerifiedEmail(member: { id: string }, doing: string): Promise<void> {
  if (!(await isEmailVerified(member.id))) throw new AppError('FORBIDDEN', unverifiedEmailMessage(doing));
}
