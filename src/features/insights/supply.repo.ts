import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventFeedbackTopics, memberSkills, mentoringRequests, users } from '#db/schema/index.ts';

/**
 * Demand per topic in one number: the distinct people who want to learn it, have an open
 * call waiting on it, asked about it without an answer since `since`, or named it in
 * event feedback since `since` (null: all time). One grouped query over a union.
 */
export async function demandBySkill(since: Date | null, db: DbOrTx = getDb()): Promise<Map<number, number>> {
  const from = since?.getTime() ?? 0;
  const rows = await db.all<{ skill_id: number; people: number }>(sql`
    select skill_id, count(distinct person) as people from (
      select ${memberSkills.skillId} as skill_id, ${memberSkills.userId} as person
        from ${memberSkills} join ${users} on ${users.id} = ${memberSkills.userId}
        where ${memberSkills.wantsToLearn} = 1 and ${users.suspendedAt} is null
      union all
      select ${mentoringRequests.skillId}, ${mentoringRequests.requesterId} from ${mentoringRequests}
        where ${mentoringRequests.openCall} = 1 and ${mentoringRequests.state} = 'open' and ${mentoringRequests.recipientId} is null
      union all
      select ${mentoringRequests.skillId}, ${mentoringRequests.requesterId} from ${mentoringRequests}
        where ${mentoringRequests.firstAnsweredAt} is null and ${mentoringRequests.state} in ('expired', 'withdrawn')
          and ${mentoringRequests.createdAt} >= ${from}
      union all
      select ${eventFeedbackTopics.skillId}, ${eventFeedbackTopics.userId} from ${eventFeedbackTopics}
        where ${eventFeedbackTopics.createdAt} >= ${from}
    ) group by skill_id`);
  return new Map(rows.map((r) => [Number(r.skill_id), Number(r.people)]));
}

/** Open calls nobody picked up yet: per topic, the distinct people waiting. */
export async function openCallsBySkill(db: DbOrTx = getDb()): Promise<Map<number, number>> {
  const rows = await db
    .select({
      skillId: mentoringRequests.skillId,
      people: sql<number>`count(distinct ${mentoringRequests.requesterId})`.mapWith(Number),
    })
    .from(mentoringRequests)
    .where(
      and(
        eq(mentoringRequests.openCall, true),
        eq(mentoringRequests.state, 'open'),
        isNull(mentoringRequests.recipientId),
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
    .where(and(isNull(mentoringRequests.firstAnsweredAt), inArray(mentoringRequests.state, ['expired', 'withdrawn'])));
}

/** "What should we run next" answers from event feedback. */
export function feedbackVotes(db: DbOrTx = getDb()) {
  return db
    .select({
      skillId: eventFeedbackTopics.skillId,
      person: eventFeedbackTopics.userId,
      at: eventFeedbackTopics.createdAt,
    })
    .from(eventFeedbackTopics);
}
