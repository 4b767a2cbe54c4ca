import { sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests } from '#db/schema/index.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { insertMessage } from '#features/requests/thread/thread.repo.ts';
import { AppError } from '#server/errors.ts';
import type { ViewerRole } from './request-access.ts';
import type { NoticePerson, NoticeRequest } from './request-notices.ts';
import { type ActorRole, type RequestAction, type Transition, transition } from './request-state.ts';
import type { RequestDetail } from './requests.repo.ts';

/* What every request write shares: the refusal rules, the commit with its notices, the thread events. */

type Detail = RequestDetail;

/** SQL: keep the first answer's time, or set it now. */
export const firstAnswer = (now: Date) => sql`coalesce(${mentoringRequests.firstAnsweredAt}, ${now.getTime()})`;
/** SQL: the next iCalendar SEQUENCE. */
export const nextSequence = sql`${mentoringRequests.sequence} + 1`;

/** The request as notices name it. */
export function noticeRequest(d: Detail): NoticeRequest {
  return { id: d.request.id, kind: d.request.kind, reverse: d.request.reverse, skillName: d.skill.name };
}

/** The participant on the other side from `userId` (null for an open call nobody has). */
export function otherSide(d: Detail, userId: string): NoticePerson | null {
  return userId === d.requester.id ? d.recipient : d.requester;
}

/** The participant `userId` is. */
export function selfIn(d: Detail, userId: string): NoticePerson {
  return (userId === d.requester.id ? d.requester : d.recipient)!;
}

/** Whether one side deleted their account: the request is then a read-only record for the other. */
export function hasFormerParticipant(d: Detail): boolean {
  return d.requester.former === true || d.recipient?.former === true;
}

/** Refuses any change to a request whose other side has left whoknows (409). */
export function refuseIfOtherLeft(d: Detail): void {
  if (hasFormerParticipant(d))
    throw new AppError('CONFLICT', 'The other member has left whoknows, so this request can no longer change.');
}

/** Drops notices meant for a participant who has left (they have no inbox). */
export function forMembers(notices: Notice[]): Notice[] {
  return notices.filter((n) => n.userId !== '');
}

/**
 * Asks the state machine whether `role` may take `action` on the request as loaded, and
 * returns the transition to write; refuses with 403 for the wrong person, 409 for the
 * wrong moment (or once the other side has left).
 */
export function check(d: Detail, action: RequestAction, role: ViewerRole): Transition {
  refuseIfOtherLeft(d);
  const result = transition(d.request.state, action, role === 'moderator' ? 'system' : (role as ActorRole));
  if (!result.ok) {
    if (result.reason === 'wrong-state') throw new AppError('CONFLICT', result.message);
    // A moderator reading a reported request acts on the report, never on the request.
    throw new AppError(
      'FORBIDDEN',
      role === 'moderator' ? 'Moderators can read a reported request but not act in it.' : result.message,
    );
  }
  return { from: result.from, to: result.to };
}

const STALE = () =>
  new AppError(
    'CONFLICT',
    'This request changed while you were looking at it. Reload the page to see where it stands.',
  );

/** Commits, then sends the email copies. */
export async function commit(run: (tx: DbOrTx) => Promise<Notice[] | null>, now: Date): Promise<void> {
  const rows = await getDb().transaction(async (tx) => {
    const toSend = await run(tx);
    if (toSend === null) return null;
    return notify(tx, forMembers(toSend), now);
  });
  if (rows === null) throw STALE();
  await deliverEmails(rows, now);
}

/** A state change, written into the thread. */
export async function event(
  tx: DbOrTx,
  requestId: string,
  authorId: string | null,
  body: string,
  now: Date,
): Promise<void> {
  await insertMessage({ requestId, authorId, kind: 'event', body, createdAt: now }, tx);
}
