import { and, count, desc, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberSkills, profiles, skills, users, type Visibility } from '#db/schema/index.ts';

/** Seniorities that teach upwards (see teachesUpwards); kept in SQL for the counts. */
const UPWARD = ['student', 'junior', 'mid'] as const;

const visibleMember = (visibilities: Visibility[]) =>
  and(inArray(profiles.visibility, visibilities), isNull(users.suspendedAt));

/** Per skill that visible members list: how many list it, teach it, want to learn it, offer reverse mentoring on it. */
export function topicCounts(visibilities: Visibility[], db: DbOrTx = getDb()) {
  return db
    .select({
      skillId: memberSkills.skillId,
      members: count(),
      teachers: sql<number>`sum(${memberSkills.canTeach})`.mapWith(Number),
      learners: sql<number>`sum(${memberSkills.wantsToLearn})`.mapWith(Number),
      reverse:
        sql<number>`sum(${memberSkills.canTeach} and ${profiles.openToReverse} and ${inArray(profiles.seniority, [...UPWARD])})`.mapWith(
          Number,
        ),
    })
    .from(memberSkills)
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(visibleMember(visibilities))
    .groupBy(memberSkills.skillId);
}

/**
 * Per skill, how many members list it, teach it and want to learn it, whatever their
 * profile's visibility (suspended accounts left out). One pass over member_skills with
 * no join per row: what aggregate views (/insights) need.
 */
export function allMemberTopicCounts(db: DbOrTx = getDb()) {
  const suspended = db.select({ id: users.id }).from(users).where(isNotNull(users.suspendedAt));
  return db
    .select({
      skillId: memberSkills.skillId,
      members: count(),
      teachers: sql<number>`sum(${memberSkills.canTeach})`.mapWith(Number),
      learners: sql<number>`sum(${memberSkills.wantsToLearn})`.mapWith(Number),
    })
    .from(memberSkills)
    .where(notInArray(memberSkills.userId, suspended))
    .groupBy(memberSkills.skillId);
}

/** The counts of one skill. */
export async function topicCountsFor(skillId: number, visibilities: Visibility[], db: DbOrTx = getDb()) {
  const row = await db
    .select({
      members: count(),
      teachers: sql<number>`coalesce(sum(${memberSkills.canTeach}), 0)`.mapWith(Number),
      learners: sql<number>`coalesce(sum(${memberSkills.wantsToLearn}), 0)`.mapWith(Number),
      reverse:
        sql<number>`coalesce(sum(${memberSkills.canTeach} and ${profiles.openToReverse} and ${inArray(profiles.seniority, [...UPWARD])}), 0)`.mapWith(
          Number,
        ),
    })
    .from(memberSkills)
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(and(eq(memberSkills.skillId, skillId), visibleMember(visibilities)))
    .get();
  return row ?? { members: 0, teachers: 0, learners: 0, reverse: 0 };
}

/** Visible members who teach a skill, strongest first; `reverseOnly` keeps those who teach upwards. */
export function teachersOf(
  skillId: number,
  visibilities: Visibility[],
  limit: number,
  reverseOnly: boolean,
  db: DbOrTx = getDb(),
) {
  const conditions = [eq(memberSkills.skillId, skillId), eq(memberSkills.canTeach, true), visibleMember(visibilities)];
  if (reverseOnly) conditions.push(eq(profiles.openToReverse, true), inArray(profiles.seniority, [...UPWARD]));
  return db
    .select({
      userId: users.id,
      handle: users.handle,
      displayName: users.displayName,
      headline: profiles.headline,
      seniority: profiles.seniority,
      timezone: profiles.timezone,
      level: memberSkills.level,
      years: memberSkills.years,
      note: memberSkills.note,
      openToAdhoc: profiles.openToAdhoc,
      openToOngoing: profiles.openToOngoing,
      openToReverse: profiles.openToReverse,
      capacityOpenRequests: profiles.capacityOpenRequests,
      capacityHoursMonth: profiles.capacityHoursMonth,
      unavailableUntil: profiles.unavailableUntil,
    })
    .from(memberSkills)
    .innerJoin(profiles, eq(profiles.userId, memberSkills.userId))
    .innerJoin(users, eq(users.id, memberSkills.userId))
    .where(and(...conditions))
    .orderBy(desc(memberSkills.level), sql`${memberSkills.years} desc nulls last`, users.displayName)
    .limit(limit);
}

/** A skill's catalogue row by slug. */
export function findTopic(slug: string, db: DbOrTx = getDb()) {
  return db.select().from(skills).where(eq(skills.slug, slug)).get();
}

/** A skill's catalogue row by id. */
export function findTopicById(id: number, db: DbOrTx = getDb()) {
  return db.select().from(skills).where(eq(skills.id, id)).get();
}
