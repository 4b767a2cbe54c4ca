import { and, desc, eq, inArray, ne, or } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests, mentorshipItems, requestFeedback, skills, users } from '#db/schema/index.ts';

const involves = (userId: string) =>
  or(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.recipientId, userId));

/** A member's completed requests (as helper or learner), newest first, with the other person. */
export function completedWith(userId: string, limit = 500, db: DbOrTx = getDb()) {
  return db
    .select({
      id: mentoringRequests.id,
      kind: mentoringRequests.kind,
      requesterId: mentoringRequests.requesterId,
      recipientId: mentoringRequests.recipientId,
      closedAt: mentoringRequests.closedAt,
      createdAt: mentoringRequests.createdAt,
      skillName: skills.name,
      skillSlug: skills.slug,
    })
    .from(mentoringRequests)
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .where(and(involves(userId), eq(mentoringRequests.state, 'completed')))
    .orderBy(desc(mentoringRequests.closedAt))
    .limit(limit);
}

/** Names of members by id (the other side of each session). */
export function namesOf(ids: string[], db: DbOrTx = getDb()) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: users.id, displayName: users.displayName, handle: users.handle })
    .from(users)
    .where(inArray(users.id, ids));
}

/** Ratings the other side gave the member after completed requests. */
export function ratingsReceived(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ rating: requestFeedback.rating, createdAt: requestFeedback.createdAt })
    .from(requestFeedback)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, requestFeedback.requestId))
    .where(and(involves(userId), ne(requestFeedback.authorId, userId)));
}

/** Goals and milestones of the member's mentorship plans, done or not. */
export function planTally(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ kind: mentorshipItems.kind, doneAt: mentorshipItems.doneAt })
    .from(mentorshipItems)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentorshipItems.requestId))
    .where(and(involves(userId), inArray(mentorshipItems.kind, ['goal', 'milestone'])));
}

/** Ongoing and reverse mentorships running now. */
export function runningMentorships(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: mentoringRequests.id })
    .from(mentoringRequests)
    .where(
      and(
        involves(userId),
        eq(mentoringRequests.state, 'accepted'),
        inArray(mentoringRequests.kind, ['ongoing', 'reverse']),
      ),
    );
}
