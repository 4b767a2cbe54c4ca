import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { notices } from '#features/requests/request-notices.ts';
import { threadIsOpen } from '#features/requests/request-state.ts';
import {
  check,
  commit,
  firstAnswer,
  noticeRequest,
  otherSide,
  refuseIfOtherLeft,
  selfIn,
} from '#features/requests/request-writes.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { REQUEST_EXPIRY_MS } from '#features/requests/requests.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError } from '#server/errors.ts';
import { insertMessage } from './thread.repo.ts';

/** "Ask for more details": the question goes into the thread and the request stays open (and waits longer). */
export async function askForDetails(actor: MemberViewer, input: { id: string; question: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const move = check(d, 'askDetails', role);
  await requireVerifiedEmail(actor, 'write to the person asking');
  await commit(async (tx) => {
    const ok = await repo.moveState(
      d.request.id,
      move,
      { firstAnsweredAt: firstAnswer(now), expiresAt: new Date(now.getTime() + REQUEST_EXPIRY_MS), updatedAt: now },
      tx,
    );
    if (!ok) return null;
    await insertMessage(
      { requestId: d.request.id, authorId: actor.id, kind: 'question', body: input.question, createdAt: now },
      tx,
    );
    return [notices.question(noticeRequest(d), d.recipient!, d.requester, input.question)];
  }, now);
}

/** A message in the private thread, from one participant to the other. */
export async function postMessage(actor: MemberViewer, input: { id: string; body: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  if (role !== 'requester' && role !== 'recipient') {
    throw new AppError(
      'FORBIDDEN',
      role === 'moderator'
        ? 'Moderators can read a reported thread but not write in it.'
        : 'Pick up the open call to talk with the requester.',
    );
  }
  refuseIfOtherLeft(d);
  if (!threadIsOpen(d.request.state))
    throw new AppError('CONFLICT', 'This request is closed, so its thread is read-only.');
  await requireVerifiedEmail(actor, 'send messages');
  await enforceRateLimit(RATE_LIMITS.requestMessagesPerMember, actor.id, now);
  await commit(async (tx) => {
    await insertMessage({ requestId: d.request.id, authorId: actor.id, body: input.body, createdAt: now }, tx);
    const answering = role === 'recipient' && d.request.state === 'open';
    await repo.touchRequest(
      d.request.id,
      {
        ...(answering ? { firstAnsweredAt: firstAnswer(now) } : {}),
        // Talking about an open request keeps it from expiring mid-conversation.
        ...(d.request.state === 'open' ? { expiresAt: new Date(now.getTime() + REQUEST_EXPIRY_MS) } : {}),
      },
      now,
      tx,
    );
    return [notices.message(noticeRequest(d), selfIn(d, actor.id), otherSide(d, actor.id)!, input.body)];
  }, now);
}
