import type { DbOrTx } from '#db/client.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { transition } from '#features/requests/request-state.ts';
import { event, nextSequence, noticeRequest, otherSide } from '#features/requests/request-writes.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { releaseSessions } from '#features/requests/sessions/mentoring-sessions.service.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';

/*
 * Requests closed for someone rather than by them in a form: between two members when
 * one blocks the other, and all of a member's when they leave the community. Both run
 * inside the caller's transaction and return the notices to send.
 */

/**
 * Closes whatever is active between two members when one blocks the other, inside the
 * blocking transaction: the blocker's own requests are withdrawn, requests to them
 * declined, accepted sessions cancelled. The other member is told neutrally.
 */
export async function closeRequestsBetween(
  tx: DbOrTx,
  blockerId: string,
  otherId: string,
  now: Date,
): Promise<Notice[]> {
  const rows = await repo.activeBetween(blockerId, otherId, tx);
  const out: Notice[] = [];
  for (const r of rows) {
    // The blocker closes it the way the state machine lets them: cancel an accepted
    // session, withdraw their own open request, decline one sent to them.
    const role = r.requesterId === blockerId ? 'requester' : 'recipient';
    const action = r.state === 'accepted' ? 'cancel' : role === 'requester' ? 'withdraw' : 'decline';
    const move = transition(r.state, action, role);
    if (!move.ok) continue;
    const hadSession = r.sessionStartsAt !== null;
    const ok = await repo.moveState(
      r.id,
      move,
      {
        closedBy: blockerId,
        closedAt: now,
        updatedAt: now,
        // Calendars that have the session replace it with the cancellation.
        ...(hadSession ? { sequence: nextSequence } : {}),
      },
      tx,
    );
    if (!ok) continue;
    await releaseSessions(tx, r.id, now);
    await event(tx, r.id, blockerId, 'closed the request', now);
    await enqueueIndexJob(tx, 'people', r.recipientId!, 'upsert', now);
    const detail = await repo.findRequestDetail(r.id, tx);
    const other = detail && otherSide(detail, blockerId);
    if (detail && other) out.push(notices.closed(noticeRequest(detail), other));
  }
  return out;
}

/**
 * Closes every active request of a member who is leaving the community (suspended, or
 * deleting their account), inside the caller's transaction: their own open requests
 * and open calls are withdrawn, requests to them declined, accepted sessions cancelled
 * (calendars get the cancellation). The other side is told it closed; nobody is told why.
 */
export async function closeRequestsOf(tx: DbOrTx, leaverId: string, now: Date): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const r of await repo.activeOf(leaverId, tx)) {
    const role = r.requesterId === leaverId ? 'requester' : 'recipient';
    const action = r.state === 'accepted' ? 'cancel' : role === 'requester' ? 'withdraw' : 'decline';
    const move = transition(r.state, action, role);
    if (!move.ok) continue;
    const ok = await repo.moveState(
      r.id,
      move,
      {
        closedBy: leaverId,
        closedAt: now,
        updatedAt: now,
        ...(r.sessionStartsAt !== null ? { sequence: nextSequence } : {}),
      },
      tx,
    );
    if (!ok) continue;
    await releaseSessions(tx, r.id, now);
    await event(tx, r.id, null, 'The request was closed: one of you can no longer take part in whoknows.', now);
    if (r.recipientId && r.recipientId !== leaverId) await enqueueIndexJob(tx, 'people', r.recipientId, 'upsert', now);
    const detail = await repo.findRequestDetail(r.id, tx);
    const other = detail && otherSide(detail, leaverId);
    if (detail && other && !other.former) out.push(notices.otherLeft(noticeRequest(detail), other));
  }
  return out;
}

/** The requests a member took part in, with both sides (what their deletion touches). */
export function requestsInvolving(tx: DbOrTx, userId: string) {
  return repo.involving(userId, tx);
}

/** After an account is deleted: requests with nobody left on either side go too; returns how many. */
export function dropUnreadableRequests(tx: DbOrTx): Promise<number> {
  return repo.deleteUnreadable(tx);
}
