import { and, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventFeedbackTopics, memberSkills, mentoringRequests, users } from '#db/schema/index.ts';
import { activeMemberCondition } from '#features/members/member-columns.ts';

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
    and exists (select 1 from ${users} where ${users.id} = asked.person and ${activeMemberCondition()})
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
        activeMemberCondition(),
      ),
    )
    .groupBy(mentoringRequests.skillId);
  return new Map(rows.map((r) => [r.skillId, r.people]));
}

export interface TopicBucketRow {
  skillId: number;
  slice: number;
  people: number;
  ids: string | null;
}

const sliceOf = (col: unknown, [s30, s90, s365]: [number, number, number]) =>
  sql`(case when ${col} >= ${s30} then 0 when ${col} >= ${s90} then 1 when ${col} >= ${s365} then 2 else 3 end)`;

/** Requests that ended without any answer (expired, or withdrawn before one), suspended requesters left out. */
const unanswered = sql`${mentoringRequests.firstAnsweredAt} is null and ${mentoringRequests.state} in ('expired', 'withdrawn')
  and exists (select 1 from ${users} where ${users.id} = ${mentoringRequests.requesterId} and ${activeMemberCondition()})`;
/** "What should we run next" answers from event feedback, suspended members left out. */
const voted = sql`exists (select 1 from ${users} where ${users.id} = ${eventFeedbackTopics.userId} and ${activeMemberCondition()})`;

/**
 * Per topic and period slice, the people who asked without an answer, or who named the
 * topic in feedback (`which`), with their ids below five: for the privacy rules.
 */
export function askerBuckets(which: 'unanswered' | 'votes', starts: [number, number, number], db: DbOrTx = getDb()) {
  if (which === 'unanswered') {
    const r = mentoringRequests;
    return db.all<TopicBucketRow>(sql`
      select ${r.skillId} as skillId, ${sliceOf(r.createdAt, starts)} as slice, count(distinct ${r.requesterId}) as people,
        case when count(distinct ${r.requesterId}) < 5 then group_concat(distinct ${r.requesterId}) end as ids
      from ${r} where ${unanswered} group by 1, 2`);
  }
  const v = eventFeedbackTopics;
  return db.all<TopicBucketRow>(sql`
    select ${v.skillId} as skillId, ${sliceOf(v.createdAt, starts)} as slice, count(distinct ${v.userId}) as people,
      case when count(distinct ${v.userId}) < 5 then group_concat(distinct ${v.userId}) end as ids
    from ${v} where ${voted} group by 1, 2`);
}

/** Per topic, the distinct people who asked without an answer, or who named it in feedback, since `since`. */
export async function askerCounts(
  which: 'unanswered' | 'votes',
  since: Date | null,
  db: DbOrTx = getDb(),
): Promise<Map<number, number>> {
  const from = since?.getTime() ?? 0;
  const rows =
    which === 'unanswered'
      ? await db.all<{ skillId: number; people: number }>(sql`
          select ${mentoringRequests.skillId} as skillId, count(distinct ${mentoringRequests.requesterId}) as people
          from ${mentoringRequests} where ${unanswered} and ${mentoringRequests.createdAt} >= ${from} group by 1`)
      : await db.all<{ skillId: number; people: number }>(sql`
          select ${eventFeedbackTopics.skillId} as skillId, count(distinct ${eventFeedbackTopics.userId}) as people
          from ${eventFeedbackTopics} where ${voted} and ${eventFeedbackTopics.createdAt} >= ${from} group by 1`);
  return new Map(rows.map((r) => [Number(r.skillId), Number(r.people)]));
}
