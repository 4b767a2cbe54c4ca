import { and, asc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventPeople, events, eventTopics, learnerNotices, memberSkills, rsvps, users } from '#db/schema/index.ts';
import { activeMemberCondition } from '#features/members/member-columns.ts';

/** A member's upcoming published events on these topics, and whether the learners were told. */
export function organisedUpcomingOn(userId: string, skillIds: number[], now: Date, db: DbOrTx = getDb()) {
  if (skillIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      eventId: events.id,
      slug: events.slug,
      title: events.title,
      startsAt: events.startsAt,
      skillId: eventTopics.skillId,
      toldAt: learnerNotices.sentAt,
      toldAbout: learnerNotices.skillId,
    })
    .from(events)
    .innerJoin(eventTopics, eq(eventTopics.eventId, events.id))
    .leftJoin(learnerNotices, eq(learnerNotices.eventId, events.id))
    .where(
      and(
        eq(events.organizerId, userId),
        eq(events.status, 'published'),
        gt(events.startsAt, now),
        inArray(eventTopics.skillId, skillIds),
      ),
    )
    .orderBy(asc(events.startsAt));
}

/**
 * Members who want to learn a skill and are not already part of the event (going,
 * waitlisted, running it), suspended accounts left out.
 */
export function learnersFor(skillId: number, eventId: string, db: DbOrTx = getDb()) {
  const involved = db
    .select({ userId: rsvps.userId })
    .from(rsvps)
    .where(and(eq(rsvps.eventId, eventId), inArray(rsvps.status, ['going', 'waitlisted'])));
  const running = db.select({ userId: eventPeople.userId }).from(eventPeople).where(eq(eventPeople.eventId, eventId));
  return db
    .select({ userId: memberSkills.userId })
    .from(memberSkills)
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(
      and(
        eq(memberSkills.skillId, skillId),
        eq(memberSkills.wantsToLearn, true),
        activeMemberCondition(),
        notInArray(memberSkills.userId, involved),
        notInArray(memberSkills.userId, running),
        sql`${memberSkills.userId} <> (select ${events.organizerId} from ${events} where ${events.id} = ${eventId})`,
      ),
    );
}

/** Claims the event's one learner notice; false when it was already sent (also by a parallel click). */
export async function claimLearnerNotice(row: typeof learnerNotices.$inferInsert, db: DbOrTx): Promise<boolean> {
  const result = await db.insert(learnerNotices).values(row).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export async function setRecipients(eventId: string, recipients: number, db: DbOrTx): Promise<void> {
  await db.update(learnerNotices).set({ recipients }).where(eq(learnerNotices.eventId, eventId));
}
