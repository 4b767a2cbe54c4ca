import { and, asc, count, desc, eq, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import { type EventFormat, type EventKind, eventPeople, events, eventTopics, rsvps, skills } from '#db/schema/index.ts';
import { acceptedEventIds } from './event-people.repo.ts';
import { listedEventCondition } from './event-visibility.ts';
import type { EventRow } from './events.repo.ts';

/**
 * Read-only queries that list events: listings, feeds, search batches, "my events".
 * Everything other people see carries `listedEventCondition` (event-visibility.ts).
 */

export interface ListingFilters {
  when: 'upcoming' | 'past';
  kinds?: EventKind[];
  skillIds?: number[];
  formats?: EventFormat[];
  /** Restrict to these ids (search results). */
  ids?: string[];
}

function listingWhere(filters: ListingFilters, now: Date): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    listedEventCondition(),
    filters.when === 'upcoming'
      ? and(eq(events.status, 'published'), gt(events.endsAt, now))
      : and(inArray(events.status, ['published']), lte(events.endsAt, now)),
  ];
  if (filters.kinds?.length) conditions.push(inArray(events.kind, filters.kinds));
  if (filters.formats?.length) conditions.push(inArray(events.format, filters.formats));
  if (filters.ids) conditions.push(inArray(events.id, filters.ids.length ? filters.ids : ['']));
  if (filters.skillIds?.length) {
    conditions.push(
      inArray(
        events.id,
        getDb()
          .select({ id: eventTopics.eventId })
          .from(eventTopics)
          .where(inArray(eventTopics.skillId, filters.skillIds)),
      ),
    );
  }
  return and(...conditions);
}

/** Published events by date: upcoming soonest first (including ones under way), past latest first. */
export async function listEvents(
  filters: ListingFilters,
  page: { limit: number; offset: number },
  now: Date,
  db: DbOrTx = getDb(),
) {
  const where = listingWhere(filters, now);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(events)
      .where(where)
      .orderBy(filters.when === 'upcoming' ? asc(events.startsAt) : desc(events.startsAt), asc(events.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(events).where(where).get(),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Topics that upcoming (or past) published events carry, with counts, for the filter. */
export function topicCounts(when: 'upcoming' | 'past', now: Date, db: DbOrTx = getDb()) {
  return db
    .select({ slug: skills.slug, name: skills.name, n: count() })
    .from(eventTopics)
    .innerJoin(events, eq(events.id, eventTopics.eventId))
    .innerJoin(skills, eq(skills.id, eventTopics.skillId))
    .where(listingWhere({ when }, now))
    .groupBy(skills.id)
    .orderBy(desc(count()), asc(skills.name));
}

/** Events a member organises (any status) that have not ended long ago, soonest first. */
export function organisedBy(userId: string, since: Date, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.organizerId, userId), gt(events.endsAt, since)))
    .orderBy(asc(events.startsAt));
}

/** Published events a member is going to or waitlisted for, that have not ended (and they may still see). */
export function rsvpedBy(userId: string, now: Date, db: DbOrTx = getDb()) {
  return db
    .select({ event: events, status: rsvps.status })
    .from(rsvps)
    .innerJoin(events, eq(events.id, rsvps.eventId))
    .where(
      and(
        eq(rsvps.userId, userId),
        inArray(rsvps.status, ['going', 'waitlisted']),
        eq(events.status, 'published'),
        gt(events.endsAt, now),
        listedEventCondition(),
      ),
    )
    .orderBy(asc(events.startsAt));
}

/** Every seat or waitlist place a member holds at a published event that has not started, hidden or not. */
export function heldPlaces(userId: string, now: Date, db: DbOrTx = getDb()) {
  return db
    .select({ eventId: rsvps.eventId, status: rsvps.status })
    .from(rsvps)
    .innerJoin(events, eq(events.id, rsvps.eventId))
    .where(
      and(
        eq(rsvps.userId, userId),
        inArray(rsvps.status, ['going', 'waitlisted']),
        eq(events.status, 'published'),
        gt(events.startsAt, now),
      ),
    );
}

/**
 * What a member's calendar feed carries: events they are going to or run (as organiser,
 * or as a co-host or speaker who accepted), published
 * or cancelled (so calendars see the cancellation), ending after `since`.
 */
export function feedEvents(userId: string, since: Date, db: DbOrTx = getDb()) {
  const mine = or(
    eq(events.organizerId, userId),
    inArray(events.id, acceptedEventIds(userId, db)),
    inArray(
      events.id,
      db
        .select({ id: rsvps.eventId })
        .from(rsvps)
        .where(and(eq(rsvps.userId, userId), eq(rsvps.status, 'going'))),
    ),
  );
  return db
    .select()
    .from(events)
    .where(
      and(mine, inArray(events.status, ['published', 'cancelled']), gt(events.endsAt, since), listedEventCondition()),
    )
    .orderBy(asc(events.startsAt));
}

const upcomingOnTopics = reusable((db) =>
  db
    .select()
    .from(events)
    .where(
      and(
        listedEventCondition(),
        eq(events.status, 'published'),
        gt(events.endsAt, sql.placeholder('now')),
        inArray(
          events.id,
          db.select({ id: eventTopics.eventId }).from(eventTopics).where(inJsonList(eventTopics.skillId, 'skillIds')),
        ),
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** Upcoming published events on any of these topics, soonest first (`listEvents` with `skillIds`, built once). */
export function upcomingForSkills(skillIds: number[], limit: number, now: Date, db: DbOrTx = getDb()) {
  return upcomingOnTopics(db).all({ skillIds: jsonList(skillIds), limit, now: events.endsAt.mapToDriverValue(now) });
}

/** Published events a reading list is attached to. */
export function eventsWithList(listId: string, db: DbOrTx = getDb()) {
  return db
    .select({ slug: events.slug, title: events.title, startsAt: events.startsAt, timezone: events.timezone })
    .from(events)
    .where(and(eq(events.readingListId, listId), eq(events.status, 'published'), listedEventCondition()))
    .orderBy(desc(events.startsAt));
}

/** Events a member runs (as organiser, or accepted co-host or speaker), for attaching a list; newest first. */
export function runBy(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      id: events.id,
      slug: events.slug,
      title: events.title,
      startsAt: events.startsAt,
      readingListId: events.readingListId,
    })
    .from(events)
    .where(
      or(
        // Drafts are visible to their organiser only.
        and(eq(events.organizerId, userId), inArray(events.status, ['draft', 'published'])),
        and(eq(events.status, 'published'), inArray(events.id, acceptedEventIds(userId, db))),
      ),
    )
    .orderBy(desc(events.startsAt))
    .limit(50);
}

/** Ids of published events that may be listed, in batches, for a full search reindex. */
export async function* publishedEventIds(batchSize = 500, db: DbOrTx = getDb()): AsyncIterable<string[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.status, 'published'), listedEventCondition(), gt(events.id, after)))
      .orderBy(asc(events.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1]!.id;
  }
}

export function eventsByIds(ids: string[], db: DbOrTx = getDb()) {
  if (ids.length === 0) return Promise.resolve([] as EventRow[]);
  return db.select().from(events).where(inArray(events.id, ids));
}

/** The published events among `ids` that may be listed (what the search index holds). */
export function listedPublishedByIds(ids: string[], db: DbOrTx = getDb()) {
  if (ids.length === 0) return Promise.resolve([] as EventRow[]);
  return db
    .select()
    .from(events)
    .where(and(inArray(events.id, ids), eq(events.status, 'published'), listedEventCondition()));
}

/** Every RSVP a member made, with its event (their data export). */
export function rsvpsOf(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ event: events, status: rsvps.status, respondedAt: rsvps.updatedAt, attendedAt: rsvps.attendedAt })
    .from(rsvps)
    .innerJoin(events, eq(events.id, rsvps.eventId))
    .where(eq(rsvps.userId, userId))
    .orderBy(asc(events.startsAt));
}

/** The events a member is named on as a host or speaker (their data export). */
export function rolesOf(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ event: events, role: eventPeople.role, status: eventPeople.status })
    .from(eventPeople)
    .innerJoin(events, eq(events.id, eventPeople.eventId))
    .where(eq(eventPeople.userId, userId))
    .orderBy(asc(events.startsAt));
}

/** Every event a member organises, any status, oldest first (their data export). */
export function allOrganisedBy(userId: string, db: DbOrTx = getDb()) {
  return db.select().from(events).where(eq(events.organizerId, userId)).orderBy(asc(events.startsAt));
}
