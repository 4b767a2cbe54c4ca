import { and, asc, desc, eq, notInArray, or, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { packedRows } from '#db/packed-rows.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import { memberBlocks, memberSkills, profiles, users, type Visibility } from '#db/schema/index.ts';
import { memberColumns, reverseMentorCondition, visibleMemberCondition } from './member-columns.ts';

function members(db: DbOrTx) {
  return db.select(memberColumns).from(users).innerJoin(profiles, eq(profiles.userId, users.id));
}

export type MemberRow = Awaited<ReturnType<ReturnType<typeof members>['all']>>[number];

/** Member rows packed into one cell: a page of search results reads twenty at once. */
const packedMembers = packedRows(memberColumns);

// Looked up by key only: a visibility condition here makes SQLite scan the visibility index.
const membersByIds = reusable((db) =>
  db
    .select({ rows: packedMembers.column })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(inJsonList(users.id, 'ids'))
    .prepare(),
);

/** Members by id, in no particular order, suspended ones included (the service decides who sees whom). */
export async function findMembersByIds(ids: string[], db: DbOrTx = getDb()): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return packedMembers.unpack((await membersByIds(db).get({ ids: jsonList(ids) }))?.rows ?? null);
}

const memberById = reusable((db) =>
  members(db)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
);
const memberByHandle = reusable((db) =>
  members(db)
    .where(eq(users.handle, sql.placeholder('handle')))
    .prepare(),
);
const timezoneOf = reusable((db) =>
  db
    .select({ timezone: profiles.timezone })
    .from(profiles)
    .where(eq(profiles.userId, sql.placeholder('userId')))
    .prepare(),
);

export function findMemberById(id: string, db: DbOrTx = getDb()): Promise<MemberRow | undefined> {
  return memberById(db).get({ id });
}

export function findMemberByHandle(handle: string, db: DbOrTx = getDb()): Promise<MemberRow | undefined> {
  return memberByHandle(db).get({ handle });
}

/** Just the time zone of a member's profile. */
export async function findTimezone(userId: string, db: DbOrTx = getDb()): Promise<string | null> {
  const row = await timezoneOf(db).get({ userId });
  return row?.timezone ?? null;
}

export interface TeachersQuery {
  /** Profile visibilities to include (suspended members never are). */
  visibilities: Visibility[];
  excludeIds?: string[];
  /** Only reverse mentors (see isReverseMentor). */
  reverseOnly?: boolean;
  limit: number;
}

/** Members who teach a skill, strongest first, with their level, years and note on it. */
export function teachersOf(skillId: number, query: TeachersQuery, db: DbOrTx = getDb()) {
  const conditions = [
    eq(memberSkills.skillId, skillId),
    eq(memberSkills.canTeach, true),
    visibleMemberCondition(query.visibilities),
  ];
  if (query.excludeIds?.length) conditions.push(notInArray(users.id, query.excludeIds));
  if (query.reverseOnly) conditions.push(reverseMentorCondition());
  return db
    .select({ ...memberColumns, level: memberSkills.level, years: memberSkills.years, note: memberSkills.note })
    .from(memberSkills)
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(...conditions))
    .orderBy(
      desc(memberSkills.level),
      sql`${memberSkills.years} desc nulls last`,
      asc(users.displayName),
      asc(users.id),
    )
    .limit(query.limit);
}

const blocksEitherWay = reusable((db) =>
  db
    .select({ blockerId: memberBlocks.blockerId })
    .from(memberBlocks)
    .where(
      or(
        and(eq(memberBlocks.blockerId, sql.placeholder('a')), eq(memberBlocks.blockedId, sql.placeholder('b'))),
        and(eq(memberBlocks.blockerId, sql.placeholder('b')), eq(memberBlocks.blockedId, sql.placeholder('a'))),
      ),
    )
    .prepare(),
);

/** Who of `a` and `b` blocked the other: one statement for both directions. */
export async function blockersBetween(a: string, b: string, db: DbOrTx = getDb()): Promise<Set<string>> {
  const rows = await blocksEitherWay(db).all({ a, b });
  return new Set(rows.map((r) => r.blockerId));
}

/** Every block that involves `userId`, either way. */
export function blocksInvolving(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ blockerId: memberBlocks.blockerId, blockedId: memberBlocks.blockedId })
    .from(memberBlocks)
    .where(or(eq(memberBlocks.blockerId, userId), eq(memberBlocks.blockedId, userId)));
}
