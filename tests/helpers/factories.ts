import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../../db/client.ts';
import { goalSkills, memberSkills, profiles, skills, users, type Role, type Seniority, type Visibility } from '../../db/schema/index.ts';
import { normalizeSkillName } from '../../src/features/skills/skills.ts';
import { hashPassword } from '../../src/server/auth/passwords.ts';
import { generateId } from '../../src/server/auth/tokens.ts';
import { enqueueIndexJob } from '../../src/server/search/outbox.ts';

/** The password every factory-made member has. */
export const TEST_PASSWORD = 'tangerine orbit pebble';
let sharedHash: Promise<string> | undefined;
let counter = 0;

export interface MemberSkillSpec {
  /** A catalogue name or alias-free name: 'Kubernetes', 'Bun'… */
  skill: string;
  level?: number;
  canTeach?: boolean;
  wantsToLearn?: boolean;
  years?: number | null;
  note?: string | null;
}

export interface MemberSpec {
  handle?: string;
  displayName?: string;
  email?: string;
  role?: Role;
  seniority?: Seniority;
  timezone?: string;
  visibility?: Visibility;
  headline?: string;
  openToAdhoc?: boolean;
  openToOngoing?: boolean;
  openToReverse?: boolean;
  capacityOpenRequests?: number;
  languages?: string[];
  skills?: MemberSkillSpec[];
  goalSkills?: string[];
  verified?: boolean;
  createdAt?: Date;
}

export interface Member {
  id: string;
  handle: string;
  email: string;
  displayName: string;
  password: string;
}

/** Looks up a catalogue skill id by name; throws if the name is not in the catalogue. */
export async function skillIdByName(name: string, db: Db = getDb()): Promise<number> {
  const row = await db.select({ id: skills.id }).from(skills).where(eq(skills.normalizedName, normalizeSkillName(name))).get();
  if (!row) throw new Error(`No catalogue skill named ${name}`);
  return row.id;
}

/** Creates a valid member with a profile (and skills) in one line; every field has a sensible default. */
export async function createMember(spec: MemberSpec = {}, db: Db = getDb()): Promise<Member> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const n = ++counter;
  const handle = spec.handle ?? `member-${n}-${Math.random().toString(36).slice(2, 7)}`;
  const email = spec.email ?? `${handle}@example.test`;
  const displayName = spec.displayName ?? `Member ${n}`;
  const id = generateId();
  const now = spec.createdAt ?? new Date();
  await db.transaction(async (tx) => {
    await tx.insert(users).values({
      id,
      email,
      handle,
      displayName,
      passwordHash: await sharedHash!,
      role: spec.role ?? 'member',
      emailVerifiedAt: spec.verified === false ? null : now,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(profiles).values({
      userId: id,
      headline: spec.headline ?? '',
      seniority: spec.seniority ?? 'mid',
      timezone: spec.timezone ?? 'UTC',
      visibility: spec.visibility ?? 'public',
      languages: spec.languages ?? ['English'],
      openToAdhoc: spec.openToAdhoc ?? true,
      openToOngoing: spec.openToOngoing ?? false,
      openToReverse: spec.openToReverse ?? false,
      capacityOpenRequests: spec.capacityOpenRequests ?? 3,
      updatedAt: now,
    });
  });
  for (const s of spec.skills ?? []) {
    await db.insert(memberSkills).values({
      userId: id,
      skillId: await skillIdByName(s.skill, db),
      level: s.level ?? 3,
      canTeach: s.canTeach ?? false,
      wantsToLearn: s.wantsToLearn ?? false,
      years: s.years ?? null,
      note: s.note ?? null,
    });
  }
  for (const g of spec.goalSkills ?? []) {
    await db.insert(goalSkills).values({ userId: id, skillId: await skillIdByName(g, db) });
  }
  return { id, handle, email, displayName, password: TEST_PASSWORD };
}

/**
 * Queues search jobs for members made with `createMember` (which writes rows directly,
 * without the services' outbox rows), so a running server indexes them.
 */
export async function queuePeopleIndexing(ids: string[], db: Db = getDb()): Promise<void> {
  for (const id of ids) await enqueueIndexJob(db, 'people', id);
}
