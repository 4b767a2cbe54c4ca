import { sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../../../db/client.ts';
import { mentoringRequests } from '../../../db/schema/index.ts';
import { RATE_LIMITS, enforceRateLimit } from '../../server/auth/rate-limit.ts';
import { AppError, invalid } from '../../server/errors.ts';
import { kickSearchWorker } from '../../server/search/index.ts';
import { enqueueIndexJob } from '../../server/search/outbox.ts';
import { deliverEmails, notify, type Notice } from '../notifications/notifications.service.ts';
import type { ViewerRole } from './access.ts';
import { availabilityOf } from './availability.ts';
import { notices, type NoticePerson, type NoticeRequest } from './request-notices.ts';
import { parseSlot } from './request-slots.ts';
import { threadIsOpen, transition, type ActorRole, type RequestAction } from './request-state.ts';
import { REQUEST_EXPIRY_MS, declineReason, labelKind, type DeclinePhrase } from './requests.ts';
import * as repo from './requests.repo.ts';
import { loadForViewer, type Actor } from './requests.service.ts';

type Detail = repo.RequestDetail;

const firstAnswer = (now: Date) => sql`coalesce(${mentoringRequests.firstAnsweredAt}, ${now.getTime()})`;
const nextSequence = sql`${mentoringRequests.sequence} + 1`;

export function noticeRequest(d: Detail): NoticeRequest {
  return { id: d.request.id, kind: d.request.kind, skillName: d.skill.name };
}

/** The participant on the other side from `userId` (null for an open call nobody has). */
export function otherSide(d: Detail, userId: string): NoticePerson | null {
  return userId === d.requester.id ? d.recipient : d.requester;
}

function self(d: Detail, userId: string): NoticePerson {
  return (userId === d.requester.id ? d.requester : d.recipient)!;
}

/** Refuses an action the state machine does not allow: 403 for the wrong person, 409 for the wrong moment. */
function check(d: Detail, action: RequestAction, role: ViewerRole): void {
  const result = transition(d.request.state, action, role === 'moderator' ? 'system' : (role as ActorRole));
  if (!result.ok) {
    if (result.reason === 'wrong-state') throw new AppError('CONFLICT', result.message);
    // A moderator reading a reported request acts on the report, never on the request.
    throw new AppError('FORBIDDEN', role === 'moderator' ? 'Moderators can read a reported request but not act in it.' : result.message);
  }
}

const STALE = () => new AppError('CONFLICT', 'This request changed while you were looking at it. Reload the page to see where it stands.');

/** Commits, then sends the email copies and nudges the search worker. */
async function commit(run: (tx: DbOrTx) => Promise<Notice[] | null>, now: Date, reindexed = false): Promise<void> {
  const rows = await getDb().transaction(async (tx) => {
    const toSend = await run(tx);
    if (toSend === null) return null;
    return notify(tx, toSend, now);
  });
  if (rows === null) throw STALE();
  await deliverEmails(rows, now);
  if (reindexed) kickSearchWorker();
}

async function event(tx: DbOrTx, requestId: string, authorId: string | null, body: string, now: Date): Promise<void> {
  await repo.insertMessage({ requestId, authorId, kind: 'event', body, createdAt: now }, tx);
}

export interface AcceptInput {
  id: string;
  choice: string;
  proposed?: string | undefined;
  timezone?: string | undefined;
  message?: string | undefined;
}

/**
 * Accepts a request with a time: one of the proposed slots, or another time the
 * helper proposes in their own zone. On an open call this is "pick up": the first
 * member whose UPDATE matches becomes the helper; everyone else is told it is taken.
 */
export async function acceptRequest(actor: Actor, input: AcceptInput, now = new Date()): Promise<void> {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const pickUp = role === 'candidate';
  check(d, pickUp ? 'pickUp' : 'accept', role);
  const helperFacts = pickUp ? await repo.findMemberFacts(actor.id) : undefined;
  const helper: NoticePerson | null | undefined = pickUp ? helperFacts : d.recipient;
  if (!helper) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  if (helperFacts) {
    if (!(await repo.teaches(actor.id, d.skill.id))) {
      throw new AppError('FORBIDDEN', `Only members who teach ${d.skill.name} can pick up this open call. Add it to your skills first.`);
    }
    if (availabilityOf(helperFacts, await repo.countActiveReceived(actor.id), now).kind !== 'open') {
      throw new AppError('CONFLICT', 'You are at capacity or away, so you cannot pick up another request right now. Change it in your profile settings.');
    }
  }

  let startsAt: Date;
  let zone: string;
  if (input.choice === 'other') {
    zone = input.timezone && input.timezone.length <= 64 ? input.timezone : helper.timezone;
    if (!input.proposed) throw invalid({ proposed: 'Enter the time you propose.' });
    const parsed = parseSlot(input.proposed, zone, now);
    if (!parsed.ok) throw invalid({ proposed: parsed.message });
    startsAt = parsed.instant;
  } else {
    const position = /^slot-([1-3])$/.exec(input.choice)?.[1];
    const slot = position ? (await repo.findSlots(d.request.id)).find((s) => s.position === Number(position)) : undefined;
    if (!slot) throw invalid({ choice: 'Choose one of the proposed times, or propose another.' });
    if (slot.startsAt.getTime() <= now.getTime()) throw invalid({ choice: 'That time has already passed. Propose another one.' });
    startsAt = slot.startsAt;
    zone = d.request.timezone;
  }

  // An open call had nobody to compare seniority with; now it has: a junior taking a
  // senior's open call is reverse mentoring.
  const relabel = helperFacts ? labelKind(d.request.kind, d.requester.seniority, helperFacts.seniority) : null;
  const set = {
    ...(relabel && relabel.kind !== d.request.kind ? relabel : {}),
    state: 'accepted' as const,
    sessionStartsAt: startsAt,
    sessionZone: zone,
    acceptedAt: now,
    firstAnsweredAt: firstAnswer(now),
    sequence: nextSequence,
    updatedAt: now,
  };
  await commit(
    async (tx) => {
      const ok = pickUp
        ? await repo.pickUpGuarded(d.request.id, actor.id, set, tx)
        : await repo.updateFromState(d.request.id, 'open', set, tx);
      if (!ok) return null;
      await event(tx, d.request.id, actor.id, pickUp ? 'picked up the open call' : 'accepted the request', now);
      if (input.message) await repo.insertMessage({ requestId: d.request.id, authorId: actor.id, body: input.message, createdAt: now }, tx);
      if (pickUp) await enqueueIndexJob(tx, 'people', actor.id, 'upsert', now);
      return [notices.accepted(noticeRequest(d), helper, d.requester, startsAt, pickUp)];
    },
    now,
    pickUp,
  ).catch(async (error: unknown) => {
    if (pickUp && error instanceof AppError && error.code === 'CONFLICT') {
      const latest = await repo.findRequest(d.request.id);
      if (latest?.recipientId && latest.recipientId !== actor.id) throw new AppError('CONFLICT', 'Someone else picked up this open call a moment ago.');
      if (latest?.state === 'open') throw new AppError('CONFLICT', 'You reached your capacity, so you cannot pick up another request right now.');
    }
    throw error;
  });
}

/** Declines with a kind reason (a ready-made phrase, the helper's words, both or neither). */
export async function declineRequest(actor: Actor, input: { id: string; phrase?: DeclinePhrase | undefined; note?: string | undefined }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  check(d, 'decline', role);
  const reason = declineReason(input.phrase, input.note);
  await commit(
    async (tx) => {
      const ok = await repo.updateFromState(
        d.request.id,
        'open',
        { state: 'declined', closeReason: reason, closedBy: actor.id, closedAt: now, firstAnsweredAt: firstAnswer(now), updatedAt: now },
        tx,
      );
      if (!ok) return null;
      await event(tx, d.request.id, actor.id, reason ? `declined: ${reason}` : 'declined the request', now);
      await enqueueIndexJob(tx, 'people', actor.id, 'upsert', now);
      return [notices.declined(noticeRequest(d), d.recipient!, d.requester, reason)];
    },
    now,
    true,
  );
}

/** "Ask for more details": the question goes into the thread and the request stays open (and waits longer). */
export async function askForDetails(actor: Actor, input: { id: string; question: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  check(d, 'askDetails', role);
  await commit(async (tx) => {
    const ok = await repo.updateFromState(
      d.request.id,
      'open',
      { firstAnsweredAt: firstAnswer(now), expiresAt: new Date(now.getTime() + REQUEST_EXPIRY_MS), updatedAt: now },
      tx,
    );
    if (!ok) return null;
    await repo.insertMessage({ requestId: d.request.id, authorId: actor.id, kind: 'question', body: input.question, createdAt: now }, tx);
    return [notices.question(noticeRequest(d), d.recipient!, d.requester, input.question)];
  }, now);
}

/** The requester takes back a request nobody has answered yet. */
export async function withdrawRequest(actor: Actor, input: { id: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  check(d, 'withdraw', role);
  await commit(
    async (tx) => {
      const ok = await repo.updateFromState(d.request.id, 'open', { state: 'withdrawn', closedBy: actor.id, closedAt: now, updatedAt: now }, tx);
      if (!ok) return null;
      await event(tx, d.request.id, actor.id, 'withdrew the request', now);
      if (!d.recipient) return [];
      await enqueueIndexJob(tx, 'people', d.recipient.id, 'upsert', now);
      return [notices.withdrawn(noticeRequest(d), d.requester, d.recipient)];
    },
    now,
    d.recipient !== null,
  );
}

/** Either side calls off an accepted session; calendars get the cancellation. */
export async function cancelRequest(actor: Actor, input: { id: string; reason?: string | undefined }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  check(d, 'cancel', role);
  const reason = input.reason?.trim() || null;
  await commit(
    async (tx) => {
      const ok = await repo.updateFromState(
        d.request.id,
        'accepted',
        { state: 'cancelled', closeReason: reason, closedBy: actor.id, closedAt: now, sequence: nextSequence, updatedAt: now },
        tx,
      );
      if (!ok) return null;
      await event(tx, d.request.id, actor.id, reason ? `cancelled: ${reason}` : 'cancelled the session', now);
      await enqueueIndexJob(tx, 'people', d.recipient!.id, 'upsert', now);
      return [notices.cancelled(noticeRequest(d), self(d, actor.id), otherSide(d, actor.id)!, reason)];
    },
    now,
    true,
  );
}

/**
 * Either side marks the help given. In the same transaction the helper's people-search
 * document is queued, since completed sessions weigh in its ranking.
 */
export async function completeRequest(actor: Actor, input: { id: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  check(d, 'complete', role);
  await commit(
    async (tx) => {
      const ok = await repo.updateFromState(d.request.id, 'accepted', { state: 'completed', closedBy: actor.id, closedAt: now, updatedAt: now }, tx);
      if (!ok) return null;
      await event(tx, d.request.id, actor.id, 'marked it completed', now);
      await enqueueIndexJob(tx, 'people', d.recipient!.id, 'upsert', now);
      return [notices.completed(noticeRequest(d), self(d, actor.id), otherSide(d, actor.id)!)];
    },
    now,
    true,
  );
}

/** A message in the private thread, from one participant to the other. */
export async function postMessage(actor: Actor, input: { id: string; body: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  if (role !== 'requester' && role !== 'recipient') {
    throw new AppError('FORBIDDEN', role === 'moderator' ? 'Moderators can read a reported thread but not write in it.' : 'Pick up the open call to talk with the requester.');
  }
  if (!threadIsOpen(d.request.state)) throw new AppError('CONFLICT', 'This request is closed, so its thread is read-only.');
  await enforceRateLimit(RATE_LIMITS.requestMessagesPerMember, actor.id, now);
  await commit(async (tx) => {
    await repo.insertMessage({ requestId: d.request.id, authorId: actor.id, body: input.body, createdAt: now }, tx);
    const answering = role === 'recipient' && d.request.state === 'open';
    await tx
      .update(mentoringRequests)
      .set({
        updatedAt: now,
        ...(answering ? { firstAnsweredAt: firstAnswer(now) } : {}),
        // Talking about an open request keeps it from expiring mid-conversation.
        ...(d.request.state === 'open' ? { expiresAt: new Date(now.getTime() + REQUEST_EXPIRY_MS) } : {}),
      })
      .where(sql`${mentoringRequests.id} = ${d.request.id}`);
    return [notices.message(noticeRequest(d), self(d, actor.id), otherSide(d, actor.id)!, input.body)];
  }, now);
}

/**
 * Closes whatever is active between two members when one blocks the other, inside the
 * blocking transaction: the blocker's own requests are withdrawn, requests to them
 * declined, accepted sessions cancelled. The other member is told neutrally.
 */
export async function closeRequestsBetween(tx: DbOrTx, blockerId: string, otherId: string, now: Date): Promise<Notice[]> {
  const rows = await repo.activeBetween(blockerId, otherId, tx);
  const out: Notice[] = [];
  for (const r of rows) {
    const state = r.state === 'accepted' ? 'cancelled' : r.requesterId === blockerId ? 'withdrawn' : 'declined';
    const ok = await repo.updateFromState(
      r.id,
      r.state,
      { state, closedBy: blockerId, closedAt: now, updatedAt: now, ...(state === 'cancelled' ? { sequence: nextSequence } : {}) },
      tx,
    );
    if (!ok) continue;
    await event(tx, r.id, blockerId, 'closed the request', now);
    await enqueueIndexJob(tx, 'people', r.recipientId!, 'upsert', now);
    const detail = await repo.findRequestDetail(r.id, tx);
    const other = detail && otherSide(detail, blockerId);
    if (detail && other) out.push(notices.closed(noticeRequest(detail), other));
  }
  return out;
}
