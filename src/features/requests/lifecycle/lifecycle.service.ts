import { findMember, memberAvailability } from '#features/members/members.service.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { teachesSkill } from '#features/profiles/member-skills.service.ts';
import { parseSlot } from '#features/requests/asking/slots.ts';
import { closedOpenCallError, findClosedOpenCall } from '#features/requests/open-calls/open-calls.service.ts';
import { hasPlan } from '#features/requests/plan/plan.ts';
import { type NoticePerson, notices } from '#features/requests/request-notices.ts';
import {
  check,
  commit,
  event,
  firstAnswer,
  nextSequence,
  noticeRequest,
  otherSide,
  selfIn,
} from '#features/requests/request-writes.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { type DeclinePhrase, declineReason, labelReverse } from '#features/requests/requests.ts';
import { releaseSessions, scheduleAgreedSession } from '#features/requests/sessions/mentoring-sessions.service.ts';
import { insertMessage } from '#features/requests/thread/thread.repo.ts';
import { AppError, invalid, isAppError } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { isValidTimeZone } from '#server/time/zones.ts';

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
export async function acceptRequest(actor: MemberViewer, input: AcceptInput, now = new Date()): Promise<void> {
  const { detail: d, role } = await loadForViewer(input.id, actor).catch(async (error: unknown) => {
    // An open call taken (or closed) before this click arrived: say so, not "does not exist".
    const closed = isAppError(error) && error.code === 'NOT_FOUND' ? await findClosedOpenCall(actor, input.id) : null;
    throw closed ? closedOpenCallError(closed) : error;
  });
  const pickUp = role === 'candidate';
  const move = check(d, pickUp ? 'pickUp' : 'accept', role);
  await requireVerifiedEmail(actor, pickUp ? 'pick up open calls' : 'accept requests');
  const helperFacts = pickUp ? await findMember(actor.id) : null;
  const helper: NoticePerson | null = pickUp ? helperFacts : d.recipient;
  if (!helper) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  if (helperFacts) {
    if (!(await teachesSkill(actor.id, d.skill.id))) {
      throw new AppError(
        'FORBIDDEN',
        `Only members who teach ${d.skill.name} can pick up this open call. Add it to your skills first.`,
      );
    }
    if (memberAvailability(helperFacts, now).kind !== 'open') {
      throw new AppError(
        'CONFLICT',
        'You are at capacity or away, so you cannot pick up another request right now. Change it in your profile settings.',
      );
    }
  }

  let startsAt: Date;
  let zone: string;
  if (input.choice === 'other') {
    // The form says which zone the helper typed in; anything unknown means their profile's.
    zone = input.timezone && isValidTimeZone(input.timezone) ? input.timezone : helper.timezone;
    if (!input.proposed) throw invalid({ proposed: 'Enter the time you propose.' });
    const parsed = parseSlot(input.proposed, zone, now);
    if (!parsed.ok) throw invalid({ proposed: parsed.message });
    startsAt = parsed.instant;
  } else {
    const position = /^slot-([1-3])$/.exec(input.choice)?.[1];
    const slot = position
      ? (await repo.findSlots(d.request.id)).find((s) => s.position === Number(position))
      : undefined;
    if (!slot) throw invalid({ choice: 'Choose one of the proposed times, or propose another.' });
    if (slot.startsAt.getTime() <= now.getTime())
      throw invalid({ choice: 'That time has already passed. Propose another one.' });
    startsAt = slot.startsAt;
    zone = d.request.timezone;
  }

  // An open call had nobody to compare seniority with; now it has: a junior taking a
  // senior's open call is reverse mentoring.
  const relabel = helperFacts ? labelReverse(d.request.reverse, d.requester.seniority, helperFacts.seniority) : null;
  const set = {
    ...(relabel && relabel.reverse !== d.request.reverse ? relabel : {}),
    sessionStartsAt: startsAt,
    sessionZone: zone,
    acceptedAt: now,
    firstAnsweredAt: firstAnswer(now),
    sequence: nextSequence,
    updatedAt: now,
  };
  await commit(async (tx) => {
    const ok = pickUp
      ? await repo.pickUpGuarded(d.request.id, actor.id, move, set, tx)
      : await repo.moveState(d.request.id, move, set, tx);
    if (!ok) return null;
    await scheduleAgreedSession(
      tx,
      {
        requestId: d.request.id,
        helperId: helper.id,
        chosenBy: actor.id,
        startsAt,
        timezone: zone,
        durationMinutes: d.request.durationMinutes,
      },
      now,
    );
    await event(tx, d.request.id, actor.id, pickUp ? 'picked up the open call' : 'accepted the request', now);
    if (input.message)
      await insertMessage({ requestId: d.request.id, authorId: actor.id, body: input.message, createdAt: now }, tx);
    if (pickUp) await enqueueIndexJob(tx, 'people', actor.id, 'upsert', now);
    return [notices.accepted(noticeRequest(d), helper, d.requester, startsAt, pickUp)];
  }, now).catch(async (error: unknown) => {
    if (pickUp && isAppError(error) && error.code === 'CONFLICT') {
      const closed = await findClosedOpenCall(actor, d.request.id);
      if (closed) throw closedOpenCallError(closed);
      const latest = await repo.findRequest(d.request.id);
      if (latest?.state === move.from)
        throw new AppError('CONFLICT', 'You reached your capacity, so you cannot pick up another request right now.');
    }
    throw error;
  });
}

/** Declines with a kind reason (a ready-made phrase, the helper's words, both or neither). */
export async function declineRequest(
  actor: MemberViewer,
  input: { id: string; phrase?: DeclinePhrase | undefined; note?: string | undefined },
  now = new Date(),
) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const move = check(d, 'decline', role);
  const reason = declineReason(input.phrase, input.note);
  await commit(async (tx) => {
    const ok = await repo.moveState(
      d.request.id,
      move,
      {
        closeReason: reason,
        closedBy: actor.id,
        closedAt: now,
        firstAnsweredAt: firstAnswer(now),
        updatedAt: now,
      },
      tx,
    );
    if (!ok) return null;
    await releaseSessions(tx, d.request.id, now);
    await event(tx, d.request.id, actor.id, reason ? `declined: ${reason}` : 'declined the request', now);
    await enqueueIndexJob(tx, 'people', actor.id, 'upsert', now);
    return [notices.declined(noticeRequest(d), d.recipient!, d.requester, reason)];
  }, now);
}

/** The requester takes back a request nobody has answered yet. */
export async function withdrawRequest(actor: MemberViewer, input: { id: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const move = check(d, 'withdraw', role);
  await commit(async (tx) => {
    const ok = await repo.moveState(d.request.id, move, { closedBy: actor.id, closedAt: now, updatedAt: now }, tx);
    if (!ok) return null;
    await releaseSessions(tx, d.request.id, now);
    await event(tx, d.request.id, actor.id, 'withdrew the request', now);
    if (!d.recipient) return [];
    await enqueueIndexJob(tx, 'people', d.recipient.id, 'upsert', now);
    return [notices.withdrawn(noticeRequest(d), d.requester, d.recipient)];
  }, now);
}

/** Either side calls off an accepted session; calendars get the cancellation. */
export async function cancelRequest(
  actor: MemberViewer,
  input: { id: string; reason?: string | undefined },
  now = new Date(),
) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const move = check(d, 'cancel', role);
  const reason = input.reason?.trim() || null;
  await commit(async (tx) => {
    const ok = await repo.moveState(
      d.request.id,
      move,
      {
        closeReason: reason,
        closedBy: actor.id,
        closedAt: now,
        sequence: nextSequence,
        updatedAt: now,
      },
      tx,
    );
    if (!ok) return null;
    await releaseSessions(tx, d.request.id, now);
    await event(tx, d.request.id, actor.id, reason ? `cancelled: ${reason}` : 'cancelled the session', now);
    await enqueueIndexJob(tx, 'people', d.recipient!.id, 'upsert', now);
    return [notices.cancelled(noticeRequest(d), selfIn(d, actor.id), otherSide(d, actor.id)!, reason)];
  }, now);
}

/**
 * Either side marks the help given. In the same transaction the helper's people-search
 * document is queued, since completed sessions weigh in its ranking.
 */
export async function completeRequest(actor: MemberViewer, input: { id: string }, now = new Date()) {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  const move = check(d, 'complete', role);
  await commit(async (tx) => {
    const ok = await repo.moveState(d.request.id, move, { closedBy: actor.id, closedAt: now, updatedAt: now }, tx);
    if (!ok) return null;
    // What already happened stays in the record; sessions still ahead are called off.
    await releaseSessions(tx, d.request.id, now, { futureOnly: true });
    await event(tx, d.request.id, actor.id, 'marked it completed', now);
    await enqueueIndexJob(tx, 'people', d.recipient!.id, 'upsert', now);
    const done = [notices.completed(noticeRequest(d), selfIn(d, actor.id), otherSide(d, actor.id)!)];
    // A finished mentorship asks both sides for a short retrospective.
    if (hasPlan(d.request.kind)) {
      done.push(
        notices.retrospective(noticeRequest(d), d.requester, d.recipient!),
        notices.retrospective(noticeRequest(d), d.recipient!, d.requester),
      );
    }
    return done;
  }, now);
}
