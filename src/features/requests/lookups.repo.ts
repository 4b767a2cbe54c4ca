import { and, asc, desc, eq, isNull, notInArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberSkills, profiles, skillAliases, skills, users } from '#db/schema/index.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';

/* Lookups the request rules need about members and skills. */

/** Profile facts the request rules need. */
export function findMemberFacts(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      suspendedAt: users.suspendedAt,
      seniority: profiles.seniority,
      timezone: profiles.timezone,
      capacityOpenRequests: profiles.capacityOpenRequests,
      unavailableUntil: profiles.unavailableUntil,
    })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId))
    .get();
}

export async function findMemberFactsByHandle(handle: string, db: DbOrTx = getDb()) {
  const user = await db.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get();
  return user ? findMemberFacts(user.id, db) : undefined;
}

/** A skill by slug, name or alias ("k8s"), as typed in the topic field. */
export async function findSkillByTopic(topic: string, db: DbOrTx = getDb()) {
  const columns = { id: skills.id, slug: skills.slug, name: skills.name };
  const bySlug = await db.select(columns).from(skills).where(eq(skills.slug, topic.trim().toLowerCase())).get();
  if (bySlug) return bySlug;
  const normalized = normalizeSkillName(topic);
  if (!normalized) return undefined;
  const byName = await db.select(columns).from(skills).where(eq(skills.normalizedName, normalized)).get();
  if (byName) return byName;
  return db
    .select(columns)
    .from(skillAliases)
    .innerJoin(skills, eq(skills.id, skillAliases.skillId))
    .where(eq(skillAliases.alias, normalized))
    .get();
}

/** The skills a member can teach, for the request form and the profile button. */
export function teachableSkills(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: skills.id, slug: skills.slug, name: skills.name })
    .from(memberSkills)
    .innerJoin(skills, eq(skills.id, memberSkills.skillId))
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.canTeach, true)))
    .orderBy(desc(memberSkills.level), asc(skills.name));
}

export async function teaches(userId: string, skillId: number, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ userId: memberSkills.userId })
    .from(memberSkills)
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.skillId, skillId), eq(memberSkills.canTeach, true)))
    .get();
  return row !== undefined;
}

/** Skill ids a member teaches. */
export async function taughtSkillIds(userId: string, db: DbOrTx = getDb()): Promise<number[]> {
  const rows = await db
    .select({ id: memberSkills.skillId })
    .from(memberSkills)
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.canTeach, true)));
  return rows.map((r) => r.id);
}

/** Members who teach a skill (not suspended), to tell them about a new open call. */
export function teachersOf(skillId: number, excludeIds: string[], limit: number, db: DbOrTx = getDb()) {
  const conditions = [eq(memberSkills.skillId, skillId), eq(memberSkills.canTeach, true), isNull(users.suspendedAt)];
  if (excludeIds.length > 0) conditions.push(notInArray(users.id, excludeIds));
  return db
    .select({
      id: users.id,
      timezone: profiles.timezone,
      capacity: profiles.capacityOpenRequests,
      unavailableUntil: profiles.unavailableUntil,
    })
    .from(memberSkills)
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(...conditions))
    .orderBy(desc(memberSkills.level), asc(users.id))
    .limit(limit);
}

/** Every skill name in the catalogue, for the topic field's suggestions. */
export async function allSkillNames(db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.select({ name: skills.name }).from(skills).orderBy(asc(skills.name));
  return rows.map((r) => r.name);
}
