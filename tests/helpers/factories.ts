import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../../db/client.ts';
import {
  goalSkills,
  memberSkills,
  mentoringRequests,
  profiles,
  requestSlots,
  skills,
  users,
  type RequestFormat,
  type RequestKind,
  type RequestState,
  type Role,
  type Seniority,
  type Visibility,
} from '../../db/schema/index.ts';
import { normalizeSkillName } from '../../src/features/skills/skills.ts';
import { hashPassword } from '../../src/server/auth/passwords.ts';
import { generateId } from '../../src/server/auth/tokens.ts';

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
  /** ISO date the member is away until. */
  unavailableUntil?: string | null;
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
      unavailableUntil: spec.unavailableUntil ?? null,
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

export interface RequestSpec {
  requester: { id: string };
  /** Omit for an open call nobody picked up. */
  recipient?: { id: string } | null;
  /** Defaults to true exactly when there is no recipient; set it for an open call someone picked up. */
  openCall?: boolean;
  skill?: string;
  kind?: RequestKind;
  state?: RequestState;
  format?: RequestFormat;
  durationMinutes?: number;
  want?: string;
  timezone?: string;
  /** Proposed slots (UTC instants). */
  slots?: Date[];
  /** For accepted/completed/cancelled requests: the agreed time (default: a day after `createdAt`). */
  sessionStartsAt?: Date | null;
  firstAnsweredAt?: Date | null;
  createdAt?: Date;
  expiresAt?: Date;
}

/**
 * Creates a request row directly in any state, for tests that need one to act on
 * (the service paths are tested on their own). Returns its id.
 */
export async function createRequest(spec: RequestSpec, db: Db = getDb()): Promise<string> {
  const id = generateId();
  const createdAt = spec.createdAt ?? new Date();
  const state = spec.state ?? 'open';
  const hasSession = state === 'accepted' || state === 'completed' || state === 'cancelled';
  const sessionStartsAt = spec.sessionStartsAt !== undefined ? spec.sessionStartsAt : hasSession ? new Date(createdAt.getTime() + 86_400_000) : null;
  await db.insert(mentoringRequests).values({
    id,
    requesterId: spec.requester.id,
    recipientId: spec.recipient?.id ?? null,
    openCall: spec.openCall ?? !spec.recipient,
    skillId: await skillIdByName(spec.skill ?? 'Bun', db),
    kind: spec.kind ?? 'adhoc',
    want: spec.want ?? 'Help me get started with a small project.',
    format: spec.format ?? 'video',
    durationMinutes: spec.durationMinutes ?? 30,
    timezone: spec.timezone ?? 'UTC',
    state,
    sessionStartsAt,
    sessionZone: sessionStartsAt ? (spec.timezone ?? 'UTC') : null,
    acceptedAt: hasSession ? createdAt : null,
    firstAnsweredAt: spec.firstAnsweredAt !== undefined ? spec.firstAnsweredAt : hasSession ? createdAt : null,
    closedAt: state === 'open' || state === 'accepted' ? null : createdAt,
    expiresAt: spec.expiresAt ?? new Date(createdAt.getTime() + 14 * 86_400_000),
    createdAt,
    updatedAt: createdAt,
  });
  if (spec.slots?.length) {
    await db.insert(requestSlots).values(spec.slots.map((startsAt, i) => ({ requestId: id, position: i + 1, startsAt })));
  }
  return id;
}
