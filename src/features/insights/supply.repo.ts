import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventFeedbackTopics, memberSkills, mentoringRequests, users } from '#db/schema/index.ts';

/**
 * The people behind demand who do not already list the topic as "want to learn": with an
 * open call waiting on it, a request on it that ended unanswered since `since`, or a vote
 * for it in event feedback since `since` (null: all time). Per topic, distinct people;
 * added to the learners it gives the demand without scanning every member's skills twice.
 */
export async function askersNotLearning(since: Date | null, db: DbOrTx = getDb()): Promise<Map<number, number>> {
  const from = since?.getTime() ?? 0;
  const rows = await db.all<{ skill_id: number; people: number }>(sql`
    select skill_id, count(distinct person) as people from (
      select ${mentoringRequests.skillId} as skill_id, ${mentoringRequests.requesterId} as person from ${mentoringRequests}
        where ${mentoringRequests.openCall} = 1 and ${mentoringRequests.state} = 'open' and ${mentoringRequests.recipientId} is null
      union all
      select ${mentoringRequests.skillId}, ${mentoringRequests.requesterId} from ${mentoringRequests}
        where ${mentoringRequests.firstAnsweredAt} is null and ${mentoringRequests.state} in ('expired', 'withdrawn')
          and ${mentoringRequests.createdAt} >= ${from}
      union all
      select ${eventFeedbackTopics.skillId}, ${eventFeedbackTopics.userId} from ${eventFeedbackTopics}
        where ${eventFeedbackTopics.createdAt} >= ${from}
    ) as asked
    where not exists (
      select 1 from ${memberSkills} where ${memberSkills.userId} = asked.person
        and ${memberSkills.skillId} = asked.skill_id and ${memberSkills.wantsToLearn} = 1
    )
    and exists (select 1 from ${users} where ${users.id} = asked.person and ${users.suspendedAt} is null)
    group by skill_id`);
  return new Map(rows.map((r) => [Number(r.skill_id), Number(r.people)]));
}

/** Open calls nobody picked up yet: per topic, the distinct people waiting (suspended accounts left out). */
export async function openCallsBySkill(db: DbOrTx = getDb()): Promise<Map<number, number>> {
  const rows = await db
    .select({
      skillId: mentoringRequests.skillId,
      people: sql<number>`count(distinct ${mentoringRequests.requesterId})`.mapWith(Number),
    })
    .from(mentoringRequests)
    .innerJoin(users, eq(users.id, mentoringRequests.requesterId))
    .where(
      and(
        eq(mentoringRequests.openCall, true),
        eq(mentoringRequests.state, 'open'),
        isNull(mentoringRequests.recipientId),
        isNull(users.suspendedAt),
      ),
    )
    .groupBy(mentoringRequests.skillId);
  return new Map(rows.map((r) => [r.skillId, r.people]));
}

/** Requests that ended without any answer (expired, or withdrawn before one), for the period filter. */
export function unansweredRequests(db: DbOrTx = getDb()) {
  return db
    .select({
      skillId: mentoringRequests.skillId,
      person: mentoringRequests.requesterId,
      at: mentoringRequests.createdAt,
    })
    .from(mentoringRequests)
    .innerJoin(users, eq(users.id, mentoringRequests.requesterId))
    .where(
      and(
        isNull(mentoringRequests.firstAnsweredAt),
        inArray(mentoringRequests.state, ['expired', 'withdrawn']),
        isNull(users.suspendedAt),
      ),
    );
}

/** "What should we run next" answers from event feedback. */
export function feedbackVotes(db: DbOrTx = getDb()) {
  return db
    .select({
      skillId: eventFeedbackTopics.skillId,
      person: eventFeedbackTopics.userId,
      at: eventFeedbackTopics.createdAt,
    })
    .from(eventFeedbackTopics)
    .innerJoin(users, eq(users.id, eventFeedbackTopics.userId))
    .where(isNull(users.suspendedAt));
}
