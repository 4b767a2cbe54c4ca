import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
import { goalSkills, memberSkills, profiles, skills, users } from '#db/schema/index.ts';
import { memberColumns } from '#features/members/member-columns.ts';

export type ProfileRow = typeof profiles.$inferSelect;

/** The member (as every feature sees them) with their whole profile row. */
const profileColumns = {
  member: memberColumns,
  createdAt: users.createdAt,
  profile: profiles,
};

/** A member with their profile, by id. */
export function findProfileById(userId: string, db: DbOrTx = getDb()) {
  return db
    .select(profileColumns)
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId))
    .get();
}

const profileByHandle = reusable((db) =>
  db
    .select(profileColumns)
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.handle, sql.placeholder('handle')))
    .prepare(),
);

/** A member with their profile, by handle. */
export function findProfileByHandle(handle: string, db: DbOrTx = getDb()) {
  return profileByHandle(db).get({ handle });
}

/*
 * The profile page reads the member, the profile fields only it shows, the member's
 * skills and their career-goal skills in one statement: the two lists come packed as
 * JSON arrays, in the order the separate queries (listMemberSkills, listGoalSkills) give.
 * Each statement costs a page about as much in the client and Drizzle as in SQLite
 * (README "Benchmark"), and this page runs a dozen.
 */
const skillsPacked = sql<string>`(SELECT json_group_array(json_array(${memberSkills.skillId}, ${skills.slug},
    ${skills.name}, ${skills.emerging}, ${memberSkills.level}, ${memberSkills.canTeach}, ${memberSkills.wantsToLearn},
    ${memberSkills.years}, ${memberSkills.note}) ORDER BY ${memberSkills.level} DESC, ${skills.name} ASC)
  FROM ${memberSkills} JOIN ${skills} ON ${skills.id} = ${memberSkills.skillId}
  WHERE ${memberSkills.userId} = ${users.id})`;
const goalsPacked = sql<string>`(SELECT json_group_array(json_array(${skills.id}, ${skills.slug}, ${skills.name})
    ORDER BY ${skills.name} ASC)
  FROM ${goalSkills} JOIN ${skills} ON ${skills.id} = ${goalSkills.skillId}
  WHERE ${goalSkills.userId} = ${users.id})`;

const publicProfileByHandle = reusable((db) =>
  db
    .select({
      member: memberColumns,
      createdAt: users.createdAt,
      bio: profiles.bio,
      languages: profiles.languages,
      links: profiles.links,
      careerGoals: profiles.careerGoals,
      skills: skillsPacked,
      goals: goalsPacked,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.handle, sql.placeholder('handle')))
    .prepare(),
);

export type MemberSkillRow = Awaited<ReturnType<typeof listMemberSkills>>[number];
export type GoalSkillRow = Awaited<ReturnType<typeof listGoalSkills>>[number];

type PackedSkill = [number, string, string, number, number, number, number, number | null, string | null];

/** A flag column as Drizzle reads it (`integer({ mode: 'boolean' })`). */
const asFlag = (value: number) => Number(value) === 1;

/** The skills column of `findPublicProfileByHandle`, as `listMemberSkills` returns them. */
export function unpackSkills(packed: string): MemberSkillRow[] {
  return (JSON.parse(packed) as PackedSkill[]).map(
    ([skillId, slug, name, emerging, level, canTeach, wantsToLearn, years, note]) => ({
      skillId,
      slug,
      name,
      emerging: asFlag(emerging),
      level,
      canTeach: asFlag(canTeach),
      wantsToLearn: asFlag(wantsToLearn),
      years,
      note,
    }),
  );
}

/** The goals column of `findPublicProfileByHandle`, as `listGoalSkills` returns them. */
export function unpackGoals(packed: string): GoalSkillRow[] {
  return (JSON.parse(packed) as [number, string, string][]).map(([skillId, slug, name]) => ({ skillId, slug, name }));
}

/**
 * What the profile page shows of a member, by handle, in one statement: the member,
 * the profile fields beyond the member projection, their skills (strongest first) and
 * their career-goal skills.
 */
export async function findPublicProfileByHandle(handle: string, db: DbOrTx = getDb()) {
  const row = await publicProfileByHandle(db).get({ handle });
  if (!row) return undefined;
  const { skills: skillsJson, goals, ...rest } = row;
  return { ...rest, skills: unpackSkills(skillsJson), goals: unpackGoals(goals) };
}

const memberSkillRows = reusable((db) =>
  db
    .select({
      skillId: memberSkills.skillId,
      slug: skills.slug,
      name: skills.name,
      emerging: skills.emerging,
      level: memberSkills.level,
      canTeach: memberSkills.canTeach,
      wantsToLearn: memberSkills.wantsToLearn,
      years: memberSkills.years,
      note: memberSkills.note,
    })
    .from(memberSkills)
    .innerJoin(skills, eq(skills.id, memberSkills.skillId))
    .where(eq(memberSkills.userId, sql.placeholder('userId')))
    .orderBy(sql`${memberSkills.level} desc`, asc(skills.name))
    .prepare(),
);

/** A member's skills with the catalogue's names, strongest first. */
export function listMemberSkills(userId: string, db: DbOrTx = getDb()) {
  return memberSkillRows(db).all({ userId });
}

/** The skills a member can teach, strongest first (the request form, the profile's ask button). */
export function listTaughtSkills(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: skills.id, slug: skills.slug, name: skills.name })
    .from(memberSkills)
    .innerJoin(skills, eq(skills.id, memberSkills.skillId))
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.canTeach, true)))
    .orderBy(desc(memberSkills.level), asc(skills.name));
}

const goalSkillRows = reusable((db) =>
  db
    .select({ skillId: skills.id, slug: skills.slug, name: skills.name })
    .from(goalSkills)
    .innerJoin(skills, eq(skills.id, goalSkills.skillId))
    .where(eq(goalSkills.userId, sql.placeholder('userId')))
    .orderBy(asc(skills.name))
    .prepare(),
);

/** The skills tagged on a member's career goals. */
export function listGoalSkills(userId: string, db: DbOrTx = getDb()) {
  return goalSkillRows(db).all({ userId });
}

export async function updateDisplayName(userId: string, displayName: string, now: Date, db: DbOrTx): Promise<void> {
  await db.update(users).set({ displayName, updatedAt: now }).where(eq(users.id, userId));
}

export async function updateProfile(
  userId: string,
  values: Omit<typeof profiles.$inferInsert, 'userId'>,
  db: DbOrTx,
): Promise<void> {
  await db.update(profiles).set(values).where(eq(profiles.userId, userId));
}

export async function replaceGoalSkills(userId: string, skillIds: number[], db: DbOrTx): Promise<void> {
  await db.delete(goalSkills).where(eq(goalSkills.userId, userId));
  if (skillIds.length > 0) await db.insert(goalSkills).values(skillIds.map((skillId) => ({ userId, skillId })));
}

export interface MemberSkillValues {
  level: number;
  canTeach: boolean;
  wantsToLearn: boolean;
  years: number | null;
  note: string | null;
}

/** Updates a skill already on the profile; false when it is not there. */
export async function updateMemberSkill(
  userId: string,
  skillId: number,
  values: MemberSkillValues,
  now: Date,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(memberSkills)
    .set({ ...values, updatedAt: now })
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.skillId, skillId)));
  return result.rowsAffected === 1;
}

/**
 * Adds a skill only while the member has fewer than `cap`: the count and the insert
 * are one statement, so parallel adds can never push a profile past the cap.
 */
export async function insertMemberSkillUnderCap(
  userId: string,
  skillId: number,
  values: MemberSkillValues,
  cap: number,
  now: Date,
  db: DbOrTx,
): Promise<boolean> {
  const at = now.getTime();
  const result = await db.run(sql`
    INSERT INTO ${memberSkills} (user_id, skill_id, level, can_teach, wants_to_learn, years, note, created_at, updated_at)
    SELECT ${userId}, ${skillId}, ${values.level}, ${values.canTeach ? 1 : 0}, ${values.wantsToLearn ? 1 : 0},
      ${values.years}, ${values.note}, ${at}, ${at}
    WHERE (SELECT count(*) FROM ${memberSkills} WHERE user_id = ${userId}) < ${cap}
    ON CONFLICT DO NOTHING`);
  return result.rowsAffected === 1;
}

/** Removes a skill from a profile; false when it was not there. */
export async function deleteMemberSkill(userId: string, skillId: number, db: DbOrTx): Promise<boolean> {
  const result = await db
    .delete(memberSkills)
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.skillId, skillId)));
  return result.rowsAffected === 1;
}

/**
 * Profiles saved before `set_up_at` existed count as set up when anything in them was
 * chosen (a headline, a seniority or zone other than the defaults an account starts
 * with). Idempotent; run at start-up.
 */
export async function markChosenProfilesSetUp(db: DbOrTx = getDb()): Promise<number> {
  const result = await db.run(sql`UPDATE profiles SET set_up_at = updated_at
    WHERE set_up_at IS NULL AND (headline != '' OR seniority != 'mid' OR timezone != 'UTC')`);
  return result.rowsAffected;
}

/** Sets or clears a moderator's hiding of a profile; false when there is no such member. */
export async function setHidden(userId: string, hiddenAt: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(profiles)
    .set({ hiddenAt })
    // Conditional, so two moderators acting at once cannot both hide (or restore) it.
    .where(and(eq(profiles.userId, userId), hiddenAt ? isNull(profiles.hiddenAt) : isNotNull(profiles.hiddenAt)));
  return result.rowsAffected === 1;
}
