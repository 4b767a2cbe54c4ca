import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberSkills, profiles, skills, users, type Visibility } from '#db/schema/index.ts';

/** Members with their profiles, by id; suspended members and (when asked) other visibilities left out. */
export async function findPeople(ids: string[], visibilities: Visibility[] | null, db: DbOrTx = getDb()) {
  if (ids.length === 0) return [];
  // Visibility is checked on the rows, not in SQL: a condition on it leads SQLite to scan
  // the visibility index (thousands of rows) instead of looking the ids up by key.
  const rows = await db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      headline: profiles.headline,
      bio: profiles.bio,
      seniority: profiles.seniority,
      location: profiles.location,
      timezone: profiles.timezone,
      languages: profiles.languages,
      links: profiles.links,
      visibility: profiles.visibility,
      openToAdhoc: profiles.openToAdhoc,
      openToOngoing: profiles.openToOngoing,
      openToReverse: profiles.openToReverse,
      capacityOpenRequests: profiles.capacityOpenRequests,
      capacityHoursMonth: profiles.capacityHoursMonth,
      unavailableUntil: profiles.unavailableUntil,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(inArray(users.id, ids), isNull(users.suspendedAt)));
  return visibilities ? rows.filter((r) => visibilities.includes(r.visibility)) : rows;
}

/** What a search result shows of members, by id (lighter than `findPeople`); same visibility rule. */
export async function findResultPeople(ids: string[], visibilities: Visibility[] | null, db: DbOrTx = getDb()) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      headline: profiles.headline,
      seniority: profiles.seniority,
      location: profiles.location,
      timezone: profiles.timezone,
      visibility: profiles.visibility,
      openToAdhoc: profiles.openToAdhoc,
      openToOngoing: profiles.openToOngoing,
      openToReverse: profiles.openToReverse,
      capacityOpenRequests: profiles.capacityOpenRequests,
      capacityHoursMonth: profiles.capacityHoursMonth,
      unavailableUntil: profiles.unavailableUntil,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(inArray(users.id, ids), isNull(users.suspendedAt)));
  return visibilities ? rows.filter((r) => visibilities.includes(r.visibility)) : rows;
}

/** Levels and teach/learn of several members' skills (names come from the cached catalogue). */
export function findSkillLevelsOf(userIds: string[], db: DbOrTx = getDb()) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      userId: memberSkills.userId,
      skillId: memberSkills.skillId,
      level: memberSkills.level,
      canTeach: memberSkills.canTeach,
      wantsToLearn: memberSkills.wantsToLearn,
    })
    .from(memberSkills)
    .where(inArray(memberSkills.userId, userIds));
}

/** The skills of several members at once (one query, not one per member). */
export function findSkillsOf(userIds: string[], db: DbOrTx = getDb()) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      userId: memberSkills.userId,
      skillId: memberSkills.skillId,
      slug: skills.slug,
      name: skills.name,
      level: memberSkills.level,
      canTeach: memberSkills.canTeach,
      wantsToLearn: memberSkills.wantsToLearn,
    })
    .from(memberSkills)
    .innerJoin(skills, eq(skills.id, memberSkills.skillId))
    .where(inArray(memberSkills.userId, userIds));
}

/** Ids of members who are not suspended, in id order, after `afterId` (keyset pages for reindexing). */
export async function activeMemberIdsAfter(afterId: string, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(gt(users.id, afterId), isNull(users.suspendedAt)))
    .orderBy(asc(users.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Every language anyone lists, as written (for recognising `lang=` values). */
export async function distinctLanguages(db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.all<{ value: string }>(
    sql`SELECT DISTINCT j.value AS value FROM ${profiles}, json_each(${profiles.languages}) AS j`,
  );
  return rows.map((r) => r.value).filter((v) => typeof v === 'string');
}
