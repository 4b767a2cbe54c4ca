import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import { memberSkills, profiles, users } from '#db/schema/index.ts';
import { memberColumns, visibleMemberCondition } from '#features/members/member-columns.ts';

/** Members who may have a search document: listed for someone (withdrawn and hidden profiles have none). */
const indexable = () => visibleMemberCondition(['public', 'members']);

const toIndexColumns = {
  ...memberColumns,
  // Only whether there is a bio counts for ranking: its text is never read here.
  hasBio: sql<boolean>`${profiles.bio} <> ''`.mapWith(Boolean),
  languages: profiles.languages,
};

/** What a member's search document is built from, by id; withdrawn and hidden members left out. */
export function findPeopleToIndex(ids: string[], db: DbOrTx = getDb()) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select(toIndexColumns)
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(inArray(users.id, ids), indexable()));
}

/**
 * A member's skills packed by SQLite into one string, one number a skill: skill id × 32 +
 * level × 4 + can teach × 2 + wants to learn (level is 1–5, so 3 bits). The client's cost
 * is per row and per cell, and members have six skills on average: one row a member,
 * one cell of skills.
 */
const packedSkills = sql<string>`group_concat(${memberSkills.skillId} * 32 + ${memberSkills.level} * 4
    + ${memberSkills.canTeach} * 2 + ${memberSkills.wantsToLearn})`;

/** The rows `packedSkills` packed, one a skill. */
function unpackSkills(rows: { userId: string; packed: string }[]) {
  const out: { userId: string; skillId: number; level: number; canTeach: boolean; wantsToLearn: boolean }[] = [];
  for (const { userId, packed } of rows) {
    for (const part of packed.split(',')) {
      const code = Number(part);
      out.push({
        userId,
        skillId: Math.floor(code / 32),
        level: Math.floor(code / 4) % 8,
        canTeach: (code & 2) !== 0,
        wantsToLearn: (code & 1) !== 0,
      });
    }
  }
  return out;
}

/** The statement `findSkillLevelsOf` runs (exported so a test can read its plan). */
export const skillLevelsOf = reusable((db) =>
  db
    .select({ userId: memberSkills.userId, packed: packedSkills })
    .from(memberSkills)
    .where(inJsonList(memberSkills.userId, 'userIds'))
    .groupBy(memberSkills.userId)
    .prepare(),
);

/** Levels and teach/learn of several members' skills (names come from the cached catalogue). */
export async function findSkillLevelsOf(userIds: string[], db: DbOrTx = getDb()) {
  if (userIds.length === 0) return [];
  return unpackSkills(await skillLevelsOf(db).all({ userIds: jsonList(userIds) }));
}

/*
 * A rebuild's pages. Without statistics (the database is never ANALYZEd) SQLite answers
 * "members after X, in id order" through users_deletion_due_idx (deletion_due_at IS NULL
 * is every member) and sorts them: 0.5–1 s a page with 100,000 members, most of a
 * rebuild. So a page is first a range of the users primary key alone (a plain index
 * walk), and CROSS JOIN keeps SQLite from choosing another order to join that with users
 * and profiles (each then a primary-key lookup): 2000 members in about 10 ms.
 */
const idPage = (afterId: string, limit: number, db: DbOrTx) =>
  db.select({ id: users.id }).from(users).where(gt(users.id, afterId)).orderBy(asc(users.id)).limit(limit);

/**
 * A page of what search documents are built from: members among the `limit` ids after
 * `afterId` (withdrawn and hidden ones left out, so fewer), in id order, and the last id
 * of the page (null past the end) for the next call.
 */
export async function peopleToIndexPage(afterId: string, limit: number, db: DbOrTx = getDb()) {
  const [end] = await db
    .select({ id: sql<string | null>`max(${sql.identifier('id')})` })
    .from(idPage(afterId, limit, db).as('ids'));
  const page = idPage(afterId, limit, db).as('page');
  const people = await db
    .select(toIndexColumns)
    .from(page)
    .crossJoin(users)
    .crossJoin(profiles)
    .where(and(eq(users.id, page.id), eq(profiles.userId, users.id), indexable()))
    .orderBy(asc(users.id));
  return { people, lastId: end?.id ?? null };
}

/**
 * Skill levels of every member with an id in (afterId, lastId]: one range of the primary
 * key, no id list, and one row per member (see `packedSkills`).
 */
export async function skillLevelsInRange(afterId: string, lastId: string, db: DbOrTx = getDb()) {
  const rows = await db
    .select({ userId: memberSkills.userId, packed: packedSkills })
    .from(memberSkills)
    .where(and(gt(memberSkills.userId, afterId), lte(memberSkills.userId, lastId)))
    .groupBy(memberSkills.userId);
  return unpackSkills(rows);
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
  // The distinct lists first, from profiles_languages_idx: each list is parsed once, not once per profile.
  const rows = await db.all<{ value: string }>(
    sql`SELECT DISTINCT j.value AS value FROM (SELECT DISTINCT ${profiles.languages} AS list FROM ${profiles}) AS lists,
      json_each(lists.list) AS j`,
  );
  return rows.map((r) => r.value).filter((v) => typeof v === 'string');
}
