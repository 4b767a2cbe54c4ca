import { and, asc, count, eq, gt, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import {
  type EventPersonStatus,
  type EventRole,
  eventPeople,
  events,
  eventTopics,
  profiles,
  type RsvpStatus,
  rsvps,
  skills,
  users,
  type Visibility,
} from '#db/schema/index.ts';
import { activeMemberCondition, faceColumns, visibleMemberCondition } from '#features/members/member-columns.ts';

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;

export interface EventTopic {
  id: number;
  slug: string;
  name: string;
}

/** A co-host or speaker of an event, with where their consent stands (only `accepted` is ever shown). */
export interface EventPerson {
  userId: string;
  handle: string;
  displayName: string;
  visibility: Visibility;
  avatarKey: string | null;
  suspendedAt: Date | null;
  deletionDueAt: Date | null;
  hiddenAt: Date | null;
  role: EventRole;
  status: EventPersonStatus;
}

export function findEventBySlug(slug: string, db: DbOrTx = getDb()): Promise<EventRow | undefined> {
  return db.select().from(events).where(eq(events.slug, slug)).get();
}

export function findEventById(id: string, db: DbOrTx = getDb()): Promise<EventRow | undefined> {
  return db.select().from(events).where(eq(events.id, id)).get();
}

export async function slugTaken(slug: string, db: DbOrTx = getDb()): Promise<boolean> {
  return (await db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).get()) !== undefined;
}

export async function insertEvent(row: NewEventRow, db: DbOrTx): Promise<void> {
  await db.insert(events).values(row);
}

/** Applies a change and bumps the iCalendar SEQUENCE in the same statement. */
export async function updateEvent(id: string, set: Partial<NewEventRow>, now: Date, db: DbOrTx): Promise<void> {
  await db
    .update(events)
    .set({ ...set, sequence: sql`${events.sequence} + 1`, updatedAt: now })
    .where(eq(events.id, id));
}

export async function deleteEvent(id: string, db: DbOrTx): Promise<void> {
  await db.delete(events).where(eq(events.id, id));
}

export async function replaceTopics(eventId: string, skillIds: number[], db: DbOrTx): Promise<void> {
  await db.delete(eventTopics).where(eq(eventTopics.eventId, eventId));
  if (skillIds.length > 0) {
    await db.insert(eventTopics).values(skillIds.map((skillId, position) => ({ eventId, skillId, position })));
  }
}

const topicsOfEvents = reusable((db) =>
  db
    .select({ eventId: eventTopics.eventId, id: skills.id, slug: skills.slug, name: skills.name })
    .from(eventTopics)
    .innerJoin(skills, eq(skills.id, eventTopics.skillId))
    .where(inJsonList(eventTopics.eventId, 'eventIds'))
    .orderBy(asc(eventTopics.position))
    .prepare(),
);

export async function topicsFor(eventIds: string[], db: DbOrTx = getDb()): Promise<Map<string, EventTopic[]>> {
  const result = new Map<string, EventTopic[]>();
  if (eventIds.length === 0) return result;
  const rows = await topicsOfEvents(db).all({ eventIds: jsonList(eventIds) });
  for (const { eventId, ...topic } of rows) result.set(eventId, [...(result.get(eventId) ?? []), topic]);
  return result;
}

/** Every co-host and speaker row, invitations included: `loadEvent` splits off the accepted ones that are shown. */
export async function peopleFor(eventIds: string[], db: DbOrTx = getDb()): Promise<Map<string, EventPerson[]>> {
  const result = new Map<string, EventPerson[]>();
  if (eventIds.length === 0) return result;
  const rows = await db
    .select({
      eventId: eventPeople.eventId,
      userId: eventPeople.userId,
      ...faceColumns,
      role: eventPeople.role,
      status: eventPeople.status,
    })
    .from(eventPeople)
    .innerJoin(users, eq(users.id, eventPeople.userId))
    .innerJoin(profiles, eq(profiles.userId, eventPeople.userId))
    .where(inArray(eventPeople.eventId, eventIds))
    .orderBy(asc(eventPeople.position));
  for (const { eventId, ...person } of rows) result.set(eventId, [...(result.get(eventId) ?? []), person]);
  return result;
}

export function findRsvp(eventId: string, userId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), eq(rsvps.userId, userId)))
    .get();
}

/**
 * Takes a seat if one is free, atomically: the going count only goes up while it is
 * below capacity, so parallel RSVPs can never overbook. Returns the arrival number, or
 * null when the event is full (or not open for RSVPs).
 */
export async function takeSeat(eventId: string, now: Date, db: DbOrTx): Promise<number | null> {
  const row = await db
    .update(events)
    .set({ goingCount: sql`${events.goingCount} + 1`, rsvpSeq: sql`${events.rsvpSeq} + 1` })
    .where(
      and(
        eq(events.id, eventId),
        eq(events.status, 'published'),
        gt(events.startsAt, now),
        sql`${events.goingCount} < ${events.capacity}`,
      ),
    )
    .returning({ seq: events.rsvpSeq })
    .get();
  return row?.seq ?? null;
}

/** An arrival number for the waitlist, or null when the event is not open for RSVPs. */
export async function takeQueueNumber(eventId: string, now: Date, db: DbOrTx): Promise<number | null> {
  const row = await db
    .update(events)
    .set({ rsvpSeq: sql`${events.rsvpSeq} + 1` })
    .where(and(eq(events.id, eventId), eq(events.status, 'published'), gt(events.startsAt, now)))
    .returning({ seq: events.rsvpSeq })
    .get();
  return row?.seq ?? null;
}

/** Promotes into a free seat (no arrival number needed: the member keeps their place). */
export async function fillSeat(eventId: string, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(events)
    .set({ goingCount: sql`${events.goingCount} + 1` })
    .where(and(eq(events.id, eventId), sql`${events.goingCount} < ${events.capacity}`));
  return result.rowsAffected === 1;
}

export async function releaseSeat(eventId: string, db: DbOrTx): Promise<void> {
  await db
    .update(events)
    .set({ goingCount: sql`${events.goingCount} - 1` })
    .where(and(eq(events.id, eventId), gt(events.goingCount, 0)));
}

/**
 * Records a member's RSVP. A previous cancelled row is reused; an active one is never
 * overwritten (returns false, and the caller's transaction rolls back its seat).
 */
export async function putRsvp(
  eventId: string,
  userId: string,
  status: RsvpStatus,
  seq: number,
  now: Date,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .insert(rsvps)
    .values({ eventId, userId, status, seq, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [rsvps.eventId, rsvps.userId],
      set: { status, seq, updatedAt: now },
      setWhere: eq(rsvps.status, 'cancelled'),
    });
  return result.rowsAffected === 1;
}

/** Moves an RSVP from one status to another only if it is still in `from`. */
export async function moveRsvp(
  eventId: string,
  userId: string,
  from: RsvpStatus,
  to: RsvpStatus,
  now: Date,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(rsvps)
    .set({ status: to, updatedAt: now })
    .where(and(eq(rsvps.eventId, eventId), eq(rsvps.userId, userId), eq(rsvps.status, from)));
  return result.rowsAffected === 1;
}

/** The waitlist in order of arrival. */
export function waitlist(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ userId: rsvps.userId, seq: rsvps.seq })
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), eq(rsvps.status, 'waitlisted')))
    .orderBy(asc(rsvps.seq));
}

/** Everyone with an active RSVP (going or waitlisted), for notifications. */
export function activeRsvpUserIds(eventId: string, statuses: RsvpStatus[], db: DbOrTx = getDb()) {
  return db
    .select({ userId: rsvps.userId, status: rsvps.status })
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), inArray(rsvps.status, statuses)));
}

/** Going and waitlisted members with what the organiser sees (no email: it stays private). */
export function attendees(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      userId: rsvps.userId,
      handle: users.handle,
      displayName: users.displayName,
      status: rsvps.status,
      seq: rsvps.seq,
      respondedAt: rsvps.updatedAt,
      attendedAt: rsvps.attendedAt,
    })
    .from(rsvps)
    .innerJoin(users, eq(users.id, rsvps.userId))
    .where(and(eq(rsvps.eventId, eventId), inArray(rsvps.status, ['going', 'waitlisted'])))
    .orderBy(asc(rsvps.seq));
}

/** Who is going, limited to public profiles (what a public event page may show). */
export function publicGoing(eventId: string, limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ ...faceColumns, headline: profiles.headline })
    .from(rsvps)
    .innerJoin(users, eq(users.id, rsvps.userId))
    .innerJoin(profiles, eq(profiles.userId, rsvps.userId))
    .where(
      and(
        eq(rsvps.eventId, eventId),
        eq(rsvps.status, 'going'),
        // Public profiles only, whoever looks: the page is the same for everyone.
        visibleMemberCondition(['public']),
      ),
    )
    .orderBy(asc(rsvps.seq))
    .limit(limit);
}

export async function countByStatus(eventId: string, db: DbOrTx = getDb()): Promise<Record<RsvpStatus, number>> {
  const rows = await db
    .select({ status: rsvps.status, n: count() })
    .from(rsvps)
    .where(eq(rsvps.eventId, eventId))
    .groupBy(rsvps.status);
  const counts: Record<RsvpStatus, number> = { going: 0, waitlisted: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Members by handle, for co-hosts and speakers. */
export function usersByHandles(handles: string[], db: DbOrTx = getDb()) {
  if (handles.length === 0) return Promise.resolve([]);
  return db
    .select({ id: users.id, handle: users.handle, suspendedAt: users.suspendedAt })
    .from(users)
    .where(inArray(users.handle, handles));
}

/** The organiser's name, handle, profile visibility and standing. */
export function organizerOf(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: users.id, ...faceColumns })
    .from(events)
    .innerJoin(users, eq(users.id, events.organizerId))
    .innerJoin(profiles, eq(profiles.userId, events.organizerId))
    .where(eq(events.id, eventId))
    .get();
}

/**
 * The co-hosts of an event who could take it over, in the order they were named: hosts
 * other than the organiser whose accounts are active.
 */
export function activeCoHosts(eventId: string, organizerId: string, db: DbOrTx = getDb()) {
  return db
    .select({ userId: eventPeople.userId, displayName: users.displayName })
    .from(eventPeople)
    .innerJoin(users, eq(users.id, eventPeople.userId))
    .where(
      and(
        eq(eventPeople.eventId, eventId),
        eq(eventPeople.role, 'host'),
        // Only a co-host who accepted runs the event; an invitation is not a hand-over.
        eq(eventPeople.status, 'accepted'),
        ne(eventPeople.userId, organizerId),
        activeMemberCondition(),
      ),
    )
    .orderBy(asc(eventPeople.position));
}

/** Makes a co-host the organiser: their host entry goes (the organiser is always a host) and calendars update. */
export async function handOver(eventId: string, toUserId: string, now: Date, db: DbOrTx): Promise<void> {
  await db
    .delete(eventPeople)
    .where(and(eq(eventPeople.eventId, eventId), eq(eventPeople.userId, toUserId), eq(eventPeople.role, 'host')));
  await updateEvent(eventId, { organizerId: toUserId }, now, db);
}

/** Published events a member organises that have not ended yet. */
export function runningOrganisedBy(userId: string, now: Date, db: DbOrTx = getDb()): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.organizerId, userId), eq(events.status, 'published'), gt(events.endsAt, now)));
}

/** Every event a member organises, whatever its status: id and slug. */
export function organisedRefs(userId: string, db: DbOrTx = getDb()) {
  return db.select({ id: events.id, slug: events.slug }).from(events).where(eq(events.organizerId, userId));
}

/** Sets or clears a moderator's hiding of an event; false when there is no such event. */
export async function setHidden(eventId: string, hiddenAt: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(events)
    .set({ hiddenAt })
    // Conditional, so two moderators acting at once cannot both hide (or restore) it.
    .where(and(eq(events.id, eventId), hiddenAt ? isNull(events.hiddenAt) : isNotNull(events.hiddenAt)));
  return result.rowsAffected === 1;
}
