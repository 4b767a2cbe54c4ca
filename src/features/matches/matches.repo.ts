import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { goalSkills, memberSkills, profiles, skills, users } from '#db/schema/index.ts';

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
        isNull(users.suspendedAt),
        or(eq(memberSkills.canTeach, true), eq(memberSkills.wantsToLearn, true)),
      ),
    );
}

/** What a suggestion card shows about each member. */
export function membersForCards(userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return getDb()
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      headline: profiles.headline,
      seniority: profiles.seniority,
      timezone: profiles.timezone,
      capacityOpenRequests: profiles.capacityOpenRequests,
      unavailableUntil: profiles.unavailableUntil,
      openToAdhoc: profiles.openToAdhoc,
      openToOngoing: profiles.openToOngoing,
      openToReverse: profiles.openToReverse,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(inArray(users.id, userIds));
}

export function skillNames(ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return getDb()
    .select({ id: skills.id, slug: skills.slug, name: skills.name })
    .from(skills)
    .where(inArray(skills.id, ids));
}

/** The viewer's own seniority (to tell reverse mentoring apart). */
export function findProfileBasics(userId: string) {
  return getDb().select({ seniority: profiles.seniority }).from(profiles).where(eq(profiles.userId, userId)).get();
}
