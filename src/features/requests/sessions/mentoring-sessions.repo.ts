import { and, asc, eq, gt, inArray, isNull, lte, max, or, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests, mentoringSessions, mentorshipItems } from '#db/schema/index.ts';
import {
  CONFIRMED_SESSION_STATES,
  LIVE_SESSION_STATES,
  type SessionTransition,
} from '#features/requests/request-state.ts';

export type SessionRow = typeof mentoringSessions.$inferSelect;
type SessionUpdate = Omit<SQLiteUpdateSetSource<typeof mentoringSessions>, 'state'>;

const live = sql.raw(`(${LIVE_SESSION_STATES.map((s) => `'${s}'`).join(', ')})`);
const MINUTE = 60_000;

export function findSession(id: string, db: DbOrTx = getDb()): Promise<SessionRow | undefined> {
  return db.select().from(mentoringSessions).where(eq(mentoringSessions.id, id)).get();
}

/** A request's sessions in order. */
export function sessionsOfRequest(requestId: string, db: DbOrTx = getDb()): Promise<SessionRow[]> {
  return db
    .select()
    .from(mentoringSessions)
    .where(eq(mentoringSessions.requestId, requestId))
    .orderBy(asc(mentoringSessions.startsAt), asc(mentoringSessions.position));
}

async function nextPosition(requestId: string, db: DbOrTx): Promise<number> {
  const row = await db
    .select({ n: max(mentoringSessions.position) })
    .from(mentoringSessions)
    .where(eq(mentoringSessions.requestId, requestId))
    .get();
  return (row?.n ?? 0) + 1;
}

export interface NewSession {
  id: string;
  requestId: string;
  helperId: string;
  startsAt: Date;
  durationMinutes: number;
  timezone: string;
  proposedBy: string | null;
  booked?: boolean;
  sequence?: number;
  reminderSentAt?: Date | null;
  now: Date;
}

/**
 * Inserts a session in `state`; a helper already holding a live session at the same
 * instant makes the partial unique index refuse it (the caller says so kindly).
 */
export async function insertSession(s: NewSession, state: SessionRow['state'], db: DbOrTx): Promise<void> {
  await db.insert(mentoringSessions).values({
    id: s.id,
    requestId: s.requestId,
    position: await nextPosition(s.requestId, db),
    helperId: s.helperId,
    startsAt: s.startsAt,
    durationMinutes: s.durationMinutes,
    timezone: s.timezone,
    state,
    proposedBy: s.proposedBy,
    booked: s.booked ?? false,
    sequence: s.sequence ?? 0,
    reminderSentAt: s.reminderSentAt ?? null,
    createdAt: s.now,
    updatedAt: s.now,
  });
}

export interface BookingGuard {
  /** Minutes kept free before and after every session. */
  bufferMinutes: number;
  weeklyCap: number;
  /** The helper's local week (as instants) the slot falls in. */
  weekStart: Date;
  weekEnd: Date;
}

/**
 * Holds a booked slot for a request, only if at that moment no live session of the
 * helper overlaps it (buffer included) and the helper's week is under its cap: one
 * INSERT … SELECT … WHERE, inside the request's transaction, with the unique index on
 * (helper, start) behind it, so parallel bookings of one slot hold it once.
 */
export async function holdBookedSlot(
  s: NewSession,
  state: SessionRow['state'],
  guard: BookingGuard,
  db: DbOrTx,
): Promise<boolean> {
  const start = s.startsAt.getTime();
  const end = start + s.durationMinutes * MINUTE;
  const buffer = guard.bufferMinutes * MINUTE;
  const result = await db.run(sql`
    INSERT INTO mentoring_sessions (id, request_id, position, helper_id, starts_at, duration_minutes, timezone, state,
      proposed_by, booked, sequence, created_at, updated_at)
    SELECT ${s.id}, ${s.requestId}, 1, ${s.helperId}, ${start}, ${s.durationMinutes}, ${s.timezone}, ${state},
      ${s.proposedBy}, 1, 0, ${s.now.getTime()}, ${s.now.getTime()}
    WHERE NOT EXISTS (
        SELECT 1 FROM mentoring_sessions o WHERE o.helper_id = ${s.helperId} AND o.state IN ${live}
          AND o.starts_at < ${end + buffer} AND o.starts_at + o.duration_minutes * 60000 > ${start - buffer})
      AND (SELECT count(*) FROM mentoring_sessions o WHERE o.helper_id = ${s.helperId} AND o.state IN ${live}
          AND o.starts_at >= ${guard.weekStart.getTime()} AND o.starts_at < ${guard.weekEnd.getTime()}) < ${guard.weeklyCap}`);
  return result.rowsAffected === 1;
}

/** Writes a session transition the machine allowed, only if the session is still in `from`. */
export async function moveSession(
  id: string,
  move: SessionTransition,
  set: SessionUpdate,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(mentoringSessions)
    .set({ ...set, state: move.to })
    .where(and(eq(mentoringSessions.id, id), eq(mentoringSessions.state, move.from)));
  return result.rowsAffected === 1;
}

/** The helper's live sessions from `since` on (what their bookable time leaves out). */
export function liveSessionsOfHelper(helperId: string, since: Date, db: DbOrTx = getDb()) {
  return db
    .select({ startsAt: mentoringSessions.startsAt, durationMinutes: mentoringSessions.durationMinutes })
    .from(mentoringSessions)
    .where(
      and(
        eq(mentoringSessions.helperId, helperId),
        inArray(mentoringSessions.state, [...LIVE_SESSION_STATES]),
        gt(mentoringSessions.startsAt, new Date(since.getTime() - 24 * 60 * MINUTE)),
      ),
    );
}

/** A member's sessions for their calendar feed: live ones, and those changed since `since` (cancellations). */
export function sessionsOfMember(userId: string, since: Date, db: DbOrTx = getDb()) {
  return db
    .select({ session: mentoringSessions })
    .from(mentoringSessions)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentoringSessions.requestId))
    .where(
      and(
        or(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.recipientId, userId)),
        or(inArray(mentoringSessions.state, [...CONFIRMED_SESSION_STATES]), gt(mentoringSessions.updatedAt, since)),
        gt(mentoringSessions.startsAt, since),
      ),
    )
    .orderBy(asc(mentoringSessions.startsAt));
}

/** Scheduled sessions starting before `until` that nobody was reminded of yet. */
export async function sessionsToRemind(now: Date, until: Date, limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ id: mentoringSessions.id })
    .from(mentoringSessions)
    .where(
      and(
        inArray(mentoringSessions.state, [...CONFIRMED_SESSION_STATES]),
        isNull(mentoringSessions.reminderSentAt),
        gt(mentoringSessions.startsAt, now),
        lte(mentoringSessions.startsAt, until),
      ),
    )
    .limit(limit);
}

/** Marks a session reminded only if it was not yet: a reminder goes out once, whatever runs it. */
export async function markReminded(id: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(mentoringSessions)
    .set({ reminderSentAt: now })
    .where(and(eq(mentoringSessions.id, id), isNull(mentoringSessions.reminderSentAt)));
  return result.rowsAffected === 1;
}

/** Plan check-ins due on these dates (YYYY-MM-DD) that are not done, in accepted requests. */
export function checkinsDue(dates: string[], limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ item: mentorshipItems })
    .from(mentorshipItems)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentorshipItems.requestId))
    .where(
      and(
        eq(mentorshipItems.kind, 'checkin'),
        isNull(mentorshipItems.doneAt),
        inArray(mentorshipItems.dueOn, dates),
        eq(mentoringRequests.state, 'accepted'),
        sql`NOT EXISTS (SELECT 1 FROM checkin_reminders c WHERE c.item_id = ${mentorshipItems.id})`,
      ),
    )
    .limit(limit);
}

/** Records a check-in reminder; false when one went out already (the primary key decides). */
export async function claimCheckinReminder(itemId: number, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db.run(sql`INSERT INTO checkin_reminders (item_id, sent_at) VALUES (${itemId}, ${now.getTime()})
    ON CONFLICT DO NOTHING`);
  return result.rowsAffected === 1;
}

/** Requests with an agreed time but no session row (made before sessions had their own table). */
export function requestsWithoutSessions(db: DbOrTx = getDb()) {
  return db
    .select()
    .from(mentoringRequests)
    .where(
      and(
        sql`${mentoringRequests.sessionStartsAt} IS NOT NULL`,
        sql`${mentoringRequests.recipientId} IS NOT NULL`,
        sql`NOT EXISTS (SELECT 1 FROM mentoring_sessions s WHERE s.request_id = ${mentoringRequests.id})`,
      ),
    );
}
