import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberSkills, profiles, users } from '#db/schema/index.ts';
import { memberColumns, visibleMemberCondition } from '#features/members/member-columns.ts';

/** Members who may have a search document: listed for someone (withdrawn and hidden profiles have none). */
const indexable = () => visibleMemberCondition(['public', 'members']);

/** What a member's search document is built from, by id; withdrawn and hidden members left out. */
export function findPeopleToIndex(ids: string[], db: DbOrTx = getDb()) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({
      ...memberColumns,
      // Only whether there is a bio counts for ranking: its text is never read here.
      hasBio: sql<boolean>`${profiles.bio} <> ''`.mapWith(Boolean),
      languages: profiles.languages,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(inArray(users.id, ids), indexable()));
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

/** Ids of members who may have a search document, in id order, after `afterId` (keyset pages for reindexing). */
export async function activeMemberIdsAfter(afterId: string, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(gt(users.id, afterId), indexable()))
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
