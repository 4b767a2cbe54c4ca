import { and, count, eq, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberSkills, profiles, users, type Visibility } from '#db/schema/index.ts';
import { reverseMentorCondition, visibleMemberCondition } from '#features/members/member-columns.ts';

const counts = {
  members: count(),
  teachers: sql<number>`coalesce(sum(${memberSkills.canTeach}), 0)`.mapWith(Number),
  learners: sql<number>`coalesce(sum(${memberSkills.wantsToLearn}), 0)`.mapWith(Number),
  reverse: sql<number>`coalesce(sum(${memberSkills.canTeach} and ${reverseMentorCondition()}), 0)`.mapWith(Number),
};

/** Per skill that visible members list: how many list it, teach it, want to learn it, offer reverse mentoring on it. */
export function topicCounts(visibilities: Visibility[], db: DbOrTx = getDb()) {
  return db
    .select({ skillId: memberSkills.skillId, ...counts })
    .from(memberSkills)
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(visibleMemberCondition(visibilities))
    .groupBy(memberSkills.skillId);
}

/** The counts of one skill. */
export async function topicCountsFor(skillId: number, visibilities: Visibility[], db: DbOrTx = getDb()) {
  const row = await db
    .select(counts)
    .from(memberSkills)
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(and(eq(memberSkills.skillId, skillId), visibleMemberCondition(visibilities)))
    .get();
  return row ?? { members: 0, teachers: 0, learners: 0, reverse: 0 };
}
