import { type Db, type DbOrTx, getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { parseSlot } from '#features/requests/asking/slots.ts';
import { isParticipant } from '#features/requests/request-access.ts';
import {
  allowedSessionActions,
  INITIAL_SESSION_STATE,
  LIVE_SESSION_STATES,
  type SessionAction,
  type SessionActor,
  sessionsOpen,
  sessionTransition,
} from '#features/requests/request-state.ts';
import { commit, event, noticeRequest, otherSide, selfIn } from '#features/requests/request-writes.ts';
import { type RequestDetail, touchRequest } from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { formatDateTime } from '#server/time/format.ts';
import * as repo from './mentoring-sessions.repo.ts';
import { sessionNotices } from './session-notices.ts';

const TAKEN = 'The helper already has a session at that time. Pick another.';

/** A participant's request, for a session change; anyone else gets NOT_FOUND. */
async function participantRequest(actor: MemberViewer, requestId: string) {
  const { detail, role } = await loadForViewer(requestId, actor);
  if (!isParticipant(role) || !detail.recipient) throw notFound('That request does not exist, or it is private.');
  if (!sessionsOpen(detail.request.state))
    throw new AppError('CONFLICT', 'Sessions can be planned only while the request is accepted.');
  return detail;
}

async function sessionOf(detail: RequestDetail, sessionId: string): Promise<repo.SessionRow> {
  const session = await repo.findSession(sessionId);
  if (!session || session.requestId !== detail.request.id) throw notFound('That session does not exist.');
  return session;
}

/** The actor's side of what is pending on a session: they made the proposal or move, or they answer it. */
function actorOn(session: repo.SessionRow, actorId: string): SessionActor {
  const pendingBy = session.state === 'moving' ? session.moveBy : session.proposedBy;
  return pendingBy === actorId ? 'author' : 'counterpart';
}

function check(session: repo.SessionRow, action: SessionAction, actor: SessionActor) {
  const result = sessionTransition(session.state, action, actor);
  if (!result.ok) throw new AppError(result.reason === 'wrong-state' ? 'CONFLICT' : 'FORBIDDEN', result.message);
  return { from: result.from, to: result.to };
}

function parseWhen(local: string, zone: string, now: Date): Date {
  const parsed = parseSlot(local, zone, now);
  if (!parsed.ok) throw invalid({ startsAt: parsed.message });
  return parsed.instant;
}

/** Runs a session write; a helper's clash at the same instant (the unique index) becomes a clear conflict. */
async function write(run: Parameters<typeof commit>[0], now: Date): Promise<void> {
  await commit(run, now).catch((error: unknown) => {
    if (uniqueViolation(error)?.includes('mentoring_sessions')) throw new AppError('CONFLICT', TAKEN);
    throw error;
  });
}

/**
 * Proposes the next session of an accepted request; the other side accepts or
 * declines it. An ongoing or reverse mentorship may have any number; ad-hoc help has
 * one at a time.
 */
export async function proposeSession(
  actor: MemberViewer,
  input: { id: string; startsAt: string; timezone: string },
  now = new Date(),
): Promise<{ id: string }> {
  const d = await participantRequest(actor, input.id);
  const at = parseWhen(input.startsAt, input.timezone, now);
  const sessions = await repo.sessionsOfRequest(d.request.id);
  if (d.request.kind === 'adhoc' && sessions.some((s) => LIVE_SESSION_STATES.includes(s.state)))
    throw new AppError('CONFLICT', 'Ad-hoc help has one session at a time: move or cancel the one you have.');
  const other = otherSide(d, actor.id)!;
  await write(async (tx) => {
    await repo.insertSession(
      {
        id: generateId(),
        requestId: d.request.id,
        helperId: d.recipient!.id,
        startsAt: at,
        durationMinutes: d.request.durationMinutes,
        timezone: input.timezone,
        proposedBy: actor.id,
        now,
      },
      INITIAL_SESSION_STATE,
      tx,
    );
    await event(tx, d.request.id, actor.id, `proposed a session: ${formatDateTime(at, 'UTC')} UTC`, now);
    return [sessionNotices.proposed(noticeRequest(d), selfIn(d, actor.id), other, at)];
  }, now);
  return { id: d.request.id };
}

/** Accepts or declines a proposed session, or takes back one's own proposal. */
export async function answerSession(
  actor: MemberViewer,
  input: { id: string; sessionId: string; answer: 'accept' | 'decline' | 'withdraw' },
  now = new Date(),
): Promise<{ id: string }> {
  const d = await participantRequest(actor, input.id);
  const s = await sessionOf(d, input.sessionId);
  const move = check(s, input.answer, actorOn(s, actor.id));
  const me = selfIn(d, actor.id);
  const other = otherSide(d, actor.id)!;
  await write(async (tx) => {
    if (
      !(await repo.moveSession(
        s.id,
        move,
        { updatedAt: now, closedBy: input.answer === 'accept' ? null : actor.id },
        tx,
      ))
    )
      return null;
    const r = noticeRequest(d);
    if (input.answer === 'accept') return [sessionNotices.accepted(r, me, other, s.startsAt)];
    if (input.answer === 'decline') return [sessionNotices.declined(r, me, other, s.startsAt)];
    return [sessionNotices.withdrawn(r, me, other, s.startsAt)];
  }, now);
  return { id: d.request.id };
}

/** Proposes a new time for a scheduled session; the old time holds until the other side accepts. */
export async function rescheduleSession(
  actor: MemberViewer,
  input: { id: string; sessionId: string; startsAt: string; timezone: string },
  now = new Date(),
): Promise<{ id: string }> {
  const d = await participantRequest(actor, input.id);
  const s = await sessionOf(d, input.sessionId);
  const move = check(s, 'reschedule', actorOn(s, actor.id));
  const at = parseWhen(input.startsAt, input.timezone, now);
  if (at.getTime() === s.startsAt.getTime()) throw invalid({ startsAt: 'That is the time it already has.' });
  await write(async (tx) => {
    const set = { moveStartsAt: at, moveTimezone: input.timezone, moveBy: actor.id, updatedAt: now };
    if (!(await repo.moveSession(s.id, move, set, tx))) return null;
    await event(tx, d.request.id, actor.id, `asked to move a session to ${formatDateTime(at, 'UTC')} UTC`, now);
    return [
      sessionNotices.moveProposed(noticeRequest(d), selfIn(d, actor.id), otherSide(d, actor.id)!, s.startsAt, at),
    ];
  }, now);
  return { id: d.request.id };
}

/**
 * Answers a proposed new time: accepting moves the session (calendars get the new
 * time: SEQUENCE goes up, and the day-before reminder is due again); declining or
 * taking it back keeps the old time.
 */
export async function answerMove(
  actor: MemberViewer,
  input: { id: string; sessionId: string; answer: 'accept' | 'decline' | 'withdraw' },
  now = new Date(),
): Promise<{ id: string }> {
  const d = await participantRequest(actor, input.id);
  const s = await sessionOf(d, input.sessionId);
  const action = input.answer === 'accept' ? 'acceptMove' : input.answer === 'decline' ? 'declineMove' : 'withdrawMove';
  const move = check(s, action, actorOn(s, actor.id));
  const cleared = { moveStartsAt: null, moveTimezone: null, moveBy: null, updatedAt: now };
  const me = selfIn(d, actor.id);
  const mover = otherSide(d, actor.id)!;
  await write(async (tx) => {
    if (action === 'acceptMove') {
      const set = {
        ...cleared,
        startsAt: s.moveStartsAt!,
        timezone: s.moveTimezone ?? s.timezone,
        sequence: s.sequence + 1,
        reminderSentAt: null,
      };
      if (!(await repo.moveSession(s.id, move, set, tx))) return null;
      // The request's agreed time (lists, insights, the home page) follows its session.
      if (d.request.sessionStartsAt?.getTime() === s.startsAt.getTime())
        await touchRequest(d.request.id, { sessionStartsAt: set.startsAt, sessionZone: set.timezone }, now, tx);
      await event(tx, d.request.id, actor.id, `moved a session to ${formatDateTime(s.moveStartsAt!, 'UTC')} UTC`, now);
      return [sessionNotices.moved(noticeRequest(d), me, mover, s.moveStartsAt!)];
    }
    if (!(await repo.moveSession(s.id, move, cleared, tx))) return null;
    return action === 'declineMove' ? [sessionNotices.moveDeclined(noticeRequest(d), me, mover, s.startsAt)] : [];
  }, now);
  return { id: d.request.id };
}

/** Cancels one session without ending the request; calendars mark it cancelled. */
export async function cancelSession(
  actor: MemberViewer,
  input: { id: string; sessionId: string; reason?: string | undefined },
  now = new Date(),
): Promise<{ id: string }> {
  const d = await participantRequest(actor, input.id);
  const s = await sessionOf(d, input.sessionId);
  const move = check(s, 'cancel', actorOn(s, actor.id));
  const reason = input.reason?.trim() || null;
  await write(async (tx) => {
    const set = { closeReason: reason, closedBy: actor.id, sequence: s.sequence + 1, updatedAt: now };
    if (!(await repo.moveSession(s.id, move, set, tx))) return null;
    await event(tx, d.request.id, actor.id, reason ? `cancelled a session: ${reason}` : 'cancelled a session', now);
    return [
      sessionNotices.cancelled(noticeRequest(d), selfIn(d, actor.id), otherSide(d, actor.id)!, s.startsAt, reason),
    ];
  }, now);
  return { id: d.request.id };
}

/**
 * Lets go of a request's live sessions when it closes (declined, withdrawn, expired,
 * cancelled, completed), inside the closing transaction; with `futureOnly`, sessions
 * that already happened stay as they were. Calendars get the cancellations.
 */
export async function releaseSessions(
  tx: DbOrTx,
  requestId: string,
  now: Date,
  options: { futureOnly?: boolean } = {},
) {
  for (const s of await repo.sessionsOfRequest(requestId, tx)) {
    if (options.futureOnly && s.startsAt.getTime() <= now.getTime()) continue;
    const move = sessionTransition(s.state, 'release', 'system');
    if (!move.ok) continue;
    // Only what calendars had (a confirmed session) needs a new version there.
    const seen = s.state !== INITIAL_SESSION_STATE;
    await repo.moveSession(s.id, move, { sequence: s.sequence + (seen ? 1 : 0), updatedAt: now }, tx);
  }
}

export interface SessionView {
  id: string;
  startsAt: Date;
  durationMinutes: number;
  state: repo.SessionRow['state'];
  moveStartsAt: Date | null;
  proposedByMe: boolean;
  movedByMe: boolean;
  booked: boolean;
  past: boolean;
  closeReason: string | null;
  actions: SessionAction[];
}

/** A request's sessions as a participant sees them, with what they may do on each. */
export async function sessionsFor(requestId: string, viewerId: string, now = new Date()): Promise<SessionView[]> {
  const rows = await repo.sessionsOfRequest(requestId);
  return rows.map((s) => ({
    id: s.id,
    startsAt: s.startsAt,
    durationMinutes: s.durationMinutes,
    state: s.state,
    moveStartsAt: s.moveStartsAt,
    proposedByMe: s.proposedBy === viewerId,
    movedByMe: s.moveBy === viewerId,
    booked: s.booked,
    past: s.startsAt.getTime() + s.durationMinutes * 60_000 <= now.getTime(),
    closeReason: s.closeReason,
    actions: allowedSessionActions(s.state, actorOn(s, viewerId)),
  }));
}

/**
 * The session agreed when a request is accepted, inside the accepting transaction: a
 * slot the requester booked becomes it (moved if the helper chose another time), or a
 * new session is written. Throws the index's unique violation when the helper already
 * has a session at that instant.
 */
export async function scheduleAgreedSession(
  tx: DbOrTx,
  agreed: {
    requestId: string;
    helperId: string;
    chosenBy: string;
    startsAt: Date;
    timezone: string;
    durationMinutes: number;
  },
  now: Date,
): Promise<void> {
  const accept = sessionTransition(INITIAL_SESSION_STATE, 'accept', 'system');
  if (!accept.ok) throw new Error('the session machine must let an agreed proposal be accepted');
  const held = (await repo.sessionsOfRequest(agreed.requestId, tx)).find((s) => s.state === INITIAL_SESSION_STATE);
  if (held) {
    await repo.moveSession(
      held.id,
      accept,
      { startsAt: agreed.startsAt, timezone: agreed.timezone, helperId: agreed.helperId, updatedAt: now },
      tx,
    );
    return;
  }
  await repo.insertSession(
    {
      id: generateId(),
      requestId: agreed.requestId,
      helperId: agreed.helperId,
      startsAt: agreed.startsAt,
      durationMinutes: agreed.durationMinutes,
      timezone: agreed.timezone,
      proposedBy: agreed.chosenBy,
      now,
    },
    accept.to,
    tx,
  );
}

/**
 * Gives every request that has an agreed time (made before sessions had a table of
 * their own, or seeded) its first session, so calendars, reminders and rescheduling
 * see it. Idempotent: runs at every start-up and only writes what is missing.
 */
export async function backfillSessions(db: Db = getDb(), now = new Date()): Promise<number> {
  const accept = sessionTransition(INITIAL_SESSION_STATE, 'accept', 'system');
  const release = accept.ok ? sessionTransition(accept.to, 'release', 'system') : null;
  if (!accept.ok || !release?.ok) throw new Error('the session machine must accept and release');
  let written = 0;
  for (const r of await repo.requestsWithoutSessions(db)) {
    const cancelled = r.state === 'cancelled';
    await db.transaction((tx) =>
      repo.insertSession(
        {
          id: generateId(),
          requestId: r.id,
          helperId: r.recipientId!,
          startsAt: r.sessionStartsAt!,
          durationMinutes: r.durationMinutes,
          timezone: r.sessionZone ?? r.timezone,
          proposedBy: r.recipientId,
          sequence: cancelled ? 1 : 0,
          reminderSentAt: r.reminderSentAt,
          now: r.acceptedAt ?? now,
        },
        cancelled ? release.to : accept.to,
        tx,
      ),
    );
    written++;
  }
  return written;
}
