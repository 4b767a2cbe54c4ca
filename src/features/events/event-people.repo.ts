import { and, asc, eq, gt, inArray, not, or, type SQL } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type EventPersonStatus, type EventRole, eventPeople, events, users } from '#db/schema/index.ts';

/*
 * Co-hosts and speakers as invitations. Every change of consent is one conditional
 * statement on the row's status, so an accept, a decline, a withdrawal and an edit of
 * the event arriving at the same moment leave exactly one of them in effect.
 */

export interface PersonKey {
  userId: string;
  role: EventRole;
}

const keyOf = (eventId: string, p: PersonKey) =>
  and(eq(eventPeople.eventId, eventId), eq(eventPeople.userId, p.userId), eq(eventPeople.role, p.role));

function isOneOf(people: PersonKey[]): SQL | undefined {
  return or(...people.map((p) => and(eq(eventPeople.userId, p.userId), eq(eventPeople.role, p.role))));
}

/**
 * Makes the named people the event's co-hosts and speakers, in this order: new names
 * become invitations (the organiser naming themselves is accepted at once), names that
 * stay keep their answer, and invited or accepted people no longer named are taken off.
 * Declined rows stay (a decline is final). Returns who was newly invited and who was
 * taken off, with the status they had.
 */
export async function syncPeople(
  eventId: string,
  organizerId: string,
  named: PersonKey[],
  now: Date,
  db: DbOrTx,
): Promise<{ invited: PersonKey[]; removed: (PersonKey & { status: EventPersonStatus })[] }> {
  const kept = isOneOf(named);
  const removed = await db
    .delete(eventPeople)
    .where(
      and(
        eq(eventPeople.eventId, eventId),
        inArray(eventPeople.status, ['invited', 'accepted']),
        kept ? not(kept) : undefined,
      ),
    )
    .returning({ userId: eventPeople.userId, role: eventPeople.role, status: eventPeople.status });
  const invited: PersonKey[] = [];
  for (const [position, p] of named.entries()) {
    const own = p.userId === organizerId;
    const inserted = await db
      .insert(eventPeople)
      .values({
        eventId,
        userId: p.userId,
        role: p.role,
        position,
        status: own ? 'accepted' : 'invited',
        respondedAt: own ? now : null,
      })
      .onConflictDoNothing()
      .returning({ userId: eventPeople.userId });
    if (inserted.length > 0) {
      if (!own) invited.push(p);
    } else {
      // The organiser is always in on their own event (rows from before invitations included).
      await db
        .update(eventPeople)
        .set(own ? { position, status: 'accepted' } : { position })
        .where(keyOf(eventId, p));
    }
  }
  return { invited, removed };
}

/** Moves a person's row from one status to another, only if it is still in `from`. */
export async function answer(
  eventId: string,
  person: PersonKey,
  from: EventPersonStatus,
  to: EventPersonStatus,
  now: Date,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(eventPeople)
    .set({ status: to, respondedAt: now })
    .where(and(keyOf(eventId, person), eq(eventPeople.status, from)));
  return result.rowsAffected === 1;
}

/** Deletes a person's row only if it is still in `status` (a withdrawn invitation, someone stepping down). */
export async function removeIf(
  eventId: string,
  person: PersonKey,
  status: EventPersonStatus,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db.delete(eventPeople).where(and(keyOf(eventId, person), eq(eventPeople.status, status)));
  return result.rowsAffected === 1;
}

/** The status of one person's row, or null when there is none (never invited, or withdrawn). */
export async function statusOf(eventId: string, person: PersonKey, db: DbOrTx = getDb()) {
  const row = await db.select({ status: eventPeople.status }).from(eventPeople).where(keyOf(eventId, person)).get();
  return row?.status ?? null;
}

/** People with a given status in a role, in the organiser's order. */
export function peopleWithStatus(eventId: string, role: EventRole, status: EventPersonStatus, db: DbOrTx = getDb()) {
  return db
    .select({ userId: users.id, handle: users.handle, displayName: users.displayName })
    .from(eventPeople)
    .innerJoin(users, eq(users.id, eventPeople.userId))
    .where(and(eq(eventPeople.eventId, eventId), eq(eventPeople.role, role), eq(eventPeople.status, status)))
    .orderBy(asc(eventPeople.position));
}

/** Invitations waiting for a member's answer, on events that have not ended and are not cancelled. */
export function pendingInvitations(userId: string, now: Date, db: DbOrTx = getDb()) {
  return db
    .select({ event: events, role: eventPeople.role })
    .from(eventPeople)
    .innerJoin(events, eq(events.id, eventPeople.eventId))
    .where(
      and(
        eq(eventPeople.userId, userId),
        eq(eventPeople.status, 'invited'),
        inArray(events.status, ['draft', 'published']),
        gt(events.endsAt, now),
      ),
    )
    .orderBy(asc(events.startsAt));
}

/** SQL: the ids of events where a member is an accepted co-host or speaker (for feeds and listings). */
export function acceptedEventIds(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: eventPeople.eventId })
    .from(eventPeople)
    .where(and(eq(eventPeople.userId, userId), eq(eventPeople.status, 'accepted')));
}
