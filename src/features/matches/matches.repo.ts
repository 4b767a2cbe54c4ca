import { and, eq, inArray, ne, or } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { goalSkills, memberSkills, users } from '#db/schema/index.ts';
import { activeMemberCondition } from '#features/members/member-columns.ts';

/** A member's teach / learn / goal skill ids. */
export async function skillFactsOf(userId: string) {
  const db = getDb();
  const [own, goals] = await Promise.all([
    db
      .select({
        skillId: memberSkills.skillId,
        canTeach: memberSkills.canTeach,
        wantsToLearn: memberSkills.wantsToLearn,
      })
      .from(memberSkills)
      .where(eq(memberSkills.userId, userId)),
    db.select({ skillId: goalSkills.skillId }).from(goalSkills).where(eq(goalSkills.userId, userId)),
  ]);
  return {
    teaches: new Set(own.filter((s) => s.canTeach).map((s) => s.skillId)),
    learns: new Set(own.filter((s) => s.wantsToLearn).map((s) => s.skillId)),
    goals: new Set(goals.map((g) => g.skillId)),
  };
}

/** Other members' teach/learn flags on any of these skills (active accounts only). */
export function candidateSkillRows(userId: string, skillIds: number[]) {
  if (skillIds.length === 0) return Promise.resolve([]);
  return getDb()
    .select({
      userId: memberSkills.userId,
      skillId: memberSkills.skillId,
      canTeach: memberSkills.canTeach,
      wantsToLearn: memberSkills.wantsToLearn,
    })
    .from(memberSkills)
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(
      and(
        inArray(memberSkills.skillId, skillIds),
        ne(memberSkills.userId, userId),
        activeMemberCondition(),
        or(eq(memberSkills.canTeach, true), eq(memberSkills.wantsToLearn, true)),
      ),
    );
}
