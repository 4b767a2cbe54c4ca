import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import {
  eventFeedback,
  events,
  eventTopics,
  mentoringRequests,
  mentoringRetrospectives,
  mentorshipItems,
  requestFeedback,
  rsvps,
} from '#db/schema/index.ts';

/**
 * The raw facts /insights aggregates: one narrow row per request, feedback, plan item,
 * event and RSVP. Figures are computed from them in memory because the privacy rules
 * need to know which people each figure rests on (see privacy.ts); each query reads
 * only the columns it needs, through the tables' indexes.
 */

/** Every request: who, on which skill, what kind, how it ended and when. */
export function requestFacts(db: DbOrTx = getDb()) {
  return db
    .select({
      id: mentoringRequests.id,
      requesterId: mentoringRequests.requesterId,
      recipientId: mentoringRequests.recipientId,
      skillId: mentoringRequests.skillId,
      kind: mentoringRequests.kind,
      state: mentoringRequests.state,
      createdAt: mentoringRequests.createdAt,
      firstAnsweredAt: mentoringRequests.firstAnsweredAt,
      acceptedAt: mentoringRequests.acceptedAt,
    })
    .from(mentoringRequests);
}

/** Ratings after completed requests, with the request's skill. */
export function ratingFacts(db: DbOrTx = getDb()) {
  return db
    .select({
      authorId: requestFeedback.authorId,
      rating: requestFeedback.rating,
      createdAt: requestFeedback.createdAt,
      skillId: mentoringRequests.skillId,
    })
    .from(requestFeedback)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, requestFeedback.requestId));
}

/** Goals and milestones of mentorship plans, with the two people of the mentorship. */
export function planFacts(db: DbOrTx = getDb()) {
  return db
    .select({
      kind: mentorshipItems.kind,
      done: sql<number>`${mentorshipItems.doneAt} is not null`.mapWith(Boolean),
      createdAt: mentorshipItems.createdAt,
      requesterId: mentoringRequests.requesterId,
      recipientId: mentoringRequests.recipientId,
      skillId: mentoringRequests.skillId,
    })
    .from(mentorshipItems)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentorshipItems.requestId))
    .where(inArray(mentorshipItems.kind, ['goal', 'milestone']));
}

/** Retrospectives at the end of mentorships. */
export function retrospectiveFacts(db: DbOrTx = getDb()) {
  return db
    .select({
      authorId: mentoringRetrospectives.authorId,
      goalsMet: mentoringRetrospectives.goalsMet,
      wouldRepeat: mentoringRetrospectives.wouldRepeat,
      createdAt: mentoringRetrospectives.createdAt,
      skillId: mentoringRequests.skillId,
    })
    .from(mentoringRetrospectives)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentoringRetrospectives.requestId));
}

/** Published events that have started, with their public counts. */
export function eventFacts(now: Date, db: DbOrTx = getDb()) {
  return db
    .select({
      id: events.id,
      kind: events.kind,
      startsAt: events.startsAt,
      capacity: events.capacity,
      going: events.goingCount,
      waitlisted:
        sql<number>`(select count(*) from ${rsvps} where ${rsvps.eventId} = ${events.id} and ${rsvps.status} = 'waitlisted')`.mapWith(
          Number,
        ),
    })
    .from(events)
    .where(and(eq(events.status, 'published'), lte(events.startsAt, now)));
}

/** Topics of events, for the category filter. */
export function eventTopicFacts(db: DbOrTx = getDb()) {
  return db.select({ eventId: eventTopics.eventId, skillId: eventTopics.skillId }).from(eventTopics);
}

/** RSVPs of events where check-in was used (someone was checked in): who was going and who came. */
export function attendanceFacts(db: DbOrTx = getDb()) {
  const used = db.selectDistinct({ eventId: rsvps.eventId }).from(rsvps).where(isNotNull(rsvps.attendedAt));
  return db
    .select({ eventId: rsvps.eventId, userId: rsvps.userId, status: rsvps.status, attendedAt: rsvps.attendedAt })
    .from(rsvps)
    .where(and(inArray(rsvps.eventId, used), inArray(rsvps.status, ['going', 'waitlisted'])));
}

/** Ratings of events by their attendees. */
export function eventRatingFacts(db: DbOrTx = getDb()) {
  return db
    .select({ eventId: eventFeedback.eventId, userId: eventFeedback.userId, rating: eventFeedback.rating })
    .from(eventFeedback);
}
