import { and, count, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { memberSkills, profiles, skills, users, type Visibility } from '#db/schema/index.ts';
import {
  activeMemberCondition,
  faceColumns,
  isActiveMember,
  reverseMentorCondition,
  visibleMemberCondition,
} from '#features/members/member-columns.ts';

/** The newest members who list at least one skill (an empty profile is nobody to ask yet). */
export function recentMembers(visibilities: Visibility[], limit: number) {
  const listsSkills = sql`exists (select 1 from ${memberSkills} where ${memberSkills.userId} = ${users.id})`;
  return getDb()
    .select({
      ...faceColumns,
      headline: profiles.headline,
      seniority: profiles.seniority,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(visibleMemberCondition(visibilities), listsSkills))
    .orderBy(desc(users.createdAt))
    .limit(limit);
}

/** Skills by how many (visible) members have them, with how many teach and want to learn. */
export function popularSkills(visibilities: Visibility[], limit: number) {
  const members = count(memberSkills.userId);
  return getDb()
    .select({
      slug: skills.slug,
      name: skills.name,
      emerging: skills.emerging,
      members,
      teachers: sql<number>`sum(${memberSkills.canTeach})`.mapWith(Number),
      learners: sql<number>`sum(${memberSkills.wantsToLearn})`.mapWith(Number),
    })
    .from(memberSkills)
    .innerJoin(skills, eq(skills.id, memberSkills.skillId))
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(visibleMemberCondition(visibilities))
    .groupBy(skills.id)
    .orderBy(desc(members), skills.name)
    .limit(limit);
}

export async function communityCounts() {
  const db = getDb();
  const [membersRow, teachersRow, reverseRow] = await Promise.all([
    db.select({ n: count() }).from(users).where(activeMemberCondition()).get(),
    db
      .select({ n: sql<number>`count(distinct ${memberSkills.userId})`.mapWith(Number) })
      .from(memberSkills)
      .where(and(eq(memberSkills.canTeach, true), isActiveMember(memberSkills.userId)))
      .get(),
    // Reverse mentors as profiles badge them: open to it, junior enough to teach upwards, and teaching something.
    db
      .select({ n: sql<number>`count(distinct ${profiles.userId})`.mapWith(Number) })
      .from(profiles)
      .innerJoin(memberSkills, and(eq(memberSkills.userId, profiles.userId), eq(memberSkills.canTeach, true)))
      .innerJoin(users, eq(users.id, profiles.userId))
      .where(and(reverseMentorCondition(), activeMemberCondition()))
      .get(),
  ]);
  return { members: membersRow?.n ?? 0, teachers: teachersRow?.n ?? 0, reverseMentors: reverseRow?.n ?? 0 };
}
