import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type CheckInMethod, events, rsvps, users } from '#db/schema/index.ts';

/**
 * Marks a member as there, once: the update only applies while `attended_at` is empty,
 * so two taps (or a tap and a self check-in) at the same moment record one arrival.
 * Only going and waitlisted RSVPs can be checked in. True when this call recorded it.
 */
export async function markAttended(
  eventId: string,
  userId: string,
  method: CheckInMethod,
  now: Date,
  db: DbOrTx = getDb(),
): Promise<boolean> {
  const result = await db
    .update(rsvps)
    .set({ attendedAt: now, checkInMethod: method })
    .where(
      and(
        eq(rsvps.eventId, eventId),
        eq(rsvps.userId, userId),
        inArray(rsvps.status, ['going', 'waitlisted']),
        isNull(rsvps.attendedAt),
      ),
    );
  return result.rowsAffected === 1;
}

/** Undoes a check-in (a mistaken tap); true when there was one to undo. */
export async function clearAttended(eventId: string, userId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const result = await db
    .update(rsvps)
    .set({ attendedAt: null, checkInMethod: null })
    .where(and(eq(rsvps.eventId, eventId), eq(rsvps.userId, userId), isNotNull(rsvps.attendedAt)));
  return result.rowsAffected === 1;
}

/** Everyone who can be checked in (going, then the waitlist), with their state at the door. */
export function doorList(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      userId: rsvps.userId,
      handle: users.handle,
      displayName: users.displayName,
      status: rsvps.status,
      attendedAt: rsvps.attendedAt,
      method: rsvps.checkInMethod,
    })
    .from(rsvps)
    .innerJoin(users, eq(users.id, rsvps.userId))
    .where(and(eq(rsvps.eventId, eventId), inArray(rsvps.status, ['going', 'waitlisted'])))
    .orderBy(sql`${rsvps.status} = 'waitlisted'`, asc(users.displayName));
}

export interface AttendanceCounts {
  going: number;
  waitlisted: number;
  cancelled: number;
  /** Checked in, whether they had a seat or came from the waitlist. */
  attended: number;
  /** Going but not checked in. */
  noShows: number;
}

/** RSVPs by status and how many were checked in. */
export async function attendanceCounts(eventId: string, db: DbOrTx = getDb()): Promise<AttendanceCounts> {
  const rows = await db
    .select({
      status: rsvps.status,
      n: count(),
      attended: sql<number>`count(${rsvps.attendedAt})`.mapWith(Number),
    })
    .from(rsvps)
    .where(eq(rsvps.eventId, eventId))
    .groupBy(rsvps.status);
  const counts: AttendanceCounts = { going: 0, waitlisted: 0, cancelled: 0, attended: 0, noShows: 0 };
  for (const row of rows) {
    counts[row.status] = row.n;
    if (row.status !== 'cancelled') counts.attended += row.attended;
    if (row.status === 'going') counts.noShows = row.n - row.attended;
  }
  return counts;
}

/** Whether anyone was checked in at all (if not, check-in was not used at this event). */
export async function anyCheckedIn(eventId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ one: sql<number>`1` })
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), isNotNull(rsvps.attendedAt)))
    .limit(1)
    .get();
  return row !== undefined;
}

/** Sets the event's check-in code unless it has one, and returns the code it has. */
export async function ensureCheckInCode(eventId: string, fresh: string, db: DbOrTx = getDb()): Promise<string> {
  await db
    .update(events)
    .set({ checkInCode: fresh })
    .where(and(eq(events.id, eventId), isNull(events.checkInCode)));
  const row = await db.select({ code: events.checkInCode }).from(events).where(eq(events.id, eventId)).get();
  return row?.code ?? fresh;
}

/** RSVPs with what decides whether the member came (see `cameToEvent`). */
export function rsvpsWithAttendance(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ userId: rsvps.userId, status: rsvps.status, attendedAt: rsvps.attendedAt })
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), inArray(rsvps.status, ['going', 'waitlisted'])));
}
