import { and, asc, count, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventFeedback, eventFeedbackTopics, events, skills, users } from '#db/schema/index.ts';

/** Records one attendee's feedback once; false when they already gave it (also under parallel submissions). */
export async function insertFeedback(row: typeof eventFeedback.$inferInsert, db: DbOrTx): Promise<boolean> {
  const result = await db.insert(eventFeedback).values(row).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export async function insertNextTopics(
  eventId: string,
  userId: string,
  skillIds: number[],
  now: Date,
  db: DbOrTx,
): Promise<void> {
  if (skillIds.length === 0) return;
  await db
    .insert(eventFeedbackTopics)
    .values(skillIds.map((skillId) => ({ eventId, userId, skillId, createdAt: now })))
    .onConflictDoNothing();
}

export async function hasGivenFeedback(eventId: string, userId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ one: sql<number>`1` })
    .from(eventFeedback)
    .where(and(eq(eventFeedback.eventId, eventId), eq(eventFeedback.userId, userId)))
    .get();
  return row !== undefined;
}

/** The ratings of one event, with who gave them (for the privacy rules, never shown). */
export function ratings(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ userId: eventFeedback.userId, rating: eventFeedback.rating })
    .from(eventFeedback)
    .where(eq(eventFeedback.eventId, eventId));
}

/** The comments of one event, with the author's name only where they signed. */
export function comments(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      worked: eventFeedback.worked,
      improve: eventFeedback.improve,
      signed: eventFeedback.signed,
      displayName: sql<string | null>`case when ${eventFeedback.signed} then ${users.displayName} end`,
      handle: sql<string | null>`case when ${eventFeedback.signed} then ${users.handle} end`,
    })
    .from(eventFeedback)
    .innerJoin(users, eq(users.id, eventFeedback.userId))
    .where(eq(eventFeedback.eventId, eventId));
}

/** "What should we run next" for one event: topics and how many named each. */
export function nextTopicCounts(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ slug: skills.slug, name: skills.name, n: count() })
    .from(eventFeedbackTopics)
    .innerJoin(skills, eq(skills.id, eventFeedbackTopics.skillId))
    .where(eq(eventFeedbackTopics.eventId, eventId))
    .groupBy(skills.id)
    .orderBy(sql`count(*) desc`, asc(skills.name));
}

/** Published events that ended between `since` and `until` and whose attendees were not asked yet. */
export function eventsDueForFeedback(since: Date, until: Date, limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        isNull(events.feedbackRequestedAt),
        gte(events.endsAt, since),
        lte(events.endsAt, until),
        eq(events.status, 'published'),
      ),
    )
    .orderBy(asc(events.endsAt))
    .limit(limit);
}

/** Claims the feedback request of an event (once; false if another process already did). */
export async function markFeedbackRequested(eventId: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(events)
    .set({ feedbackRequestedAt: now })
    .where(and(eq(events.id, eventId), isNull(events.feedbackRequestedAt)));
  return result.rowsAffected === 1;
}

/** The feedback a member gave on events, with each event (their data export). */
export function feedbackBy(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ feedback: eventFeedback, event: { title: events.title, slug: events.slug } })
    .from(eventFeedback)
    .innerJoin(events, eq(events.id, eventFeedback.eventId))
    .where(eq(eventFeedback.userId, userId))
    .orderBy(asc(eventFeedback.createdAt));
}
