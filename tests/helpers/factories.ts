import { eq } from 'drizzle-orm';
import { type Db, getDb } from '#db/client.ts';
import {
  type EventFormat,
  type EventKind,
  type EventPersonStatus,
  type EventRole,
  type EventStatus,
  eventPeople,
  events,
  eventTopics,
  goalSkills,
  type ListItemKind,
  memberSkills,
  mentoringRequests,
  mentoringSessions,
  profiles,
  type RequestFormat,
  type RequestKind,
  type RequestState,
  type Role,
  readingListItems,
  readingLists,
  readingListTopics,
  requestSlots,
  type Seniority,
  skills,
  users,
  type Visibility,
} from '#db/schema/index.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { generateId } from '#server/auth/tokens.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';

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
  /** False: a newcomer who never saved the profile form (seniority and zone not chosen yet). */
  setUp?: boolean;
  languages?: string[];
  skills?: MemberSkillSpec[];
  goalSkills?: string[];
  verified?: boolean;
  createdAt?: Date;
}

/** A member as tests use them; also a signed-in viewer as the services take one. */
export interface Member {
  id: string;
  role: Role;
  handle: string;
  email: string;
  displayName: string;
  password: string;
}

/** Looks up a catalogue skill id by name; throws if the name is not in the catalogue. */
export async function skillIdByName(name: string, db: Db = getDb()): Promise<number> {
  const row = await db
    .select({ id: skills.id })
    .from(skills)
    .where(eq(skills.normalizedName, normalizeSkillName(name)))
    .get();
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
      // A member made here has saved their profile once, unless the test is about a newcomer.
      setUpAt: spec.setUp === false ? null : now,
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
  return { id, role: spec.role ?? 'member', handle, email, displayName, password: TEST_PASSWORD };
}

export interface RequestSpec {
  requester: { id: string };
  /** Omit for an open call nobody picked up. */
  recipient?: { id: string } | null;
  /** Defaults to true exactly when there is no recipient; set it for an open call someone picked up. */
  openCall?: boolean;
  skill?: string;
  kind?: RequestKind;
  /** Reverse mentoring (a flag on top of the kind). */
  reverse?: boolean;
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
  const sessionStartsAt =
    spec.sessionStartsAt !== undefined
      ? spec.sessionStartsAt
      : hasSession
        ? new Date(createdAt.getTime() + 86_400_000)
        : null;
  await db.insert(mentoringRequests).values({
    id,
    requesterId: spec.requester.id,
    recipientId: spec.recipient?.id ?? null,
    openCall: spec.openCall ?? !spec.recipient,
    skillId: await skillIdByName(spec.skill ?? 'Bun', db),
    kind: spec.kind ?? 'adhoc',
    reverse: spec.reverse ?? false,
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
  if (sessionStartsAt && spec.recipient && hasSession) {
    // Its agreed session, as accepting writes it (cancelled with the request).
    await db
      .insert(mentoringSessions)
      .values({
        id: generateId(),
        requestId: id,
        position: 1,
        helperId: spec.recipient.id,
        startsAt: sessionStartsAt,
        durationMinutes: spec.durationMinutes ?? 30,
        timezone: spec.timezone ?? 'UTC',
        state: state === 'cancelled' ? 'cancelled' : 'scheduled',
        proposedBy: spec.recipient.id,
        sequence: state === 'cancelled' ? 1 : 0,
        createdAt,
        updatedAt: createdAt,
      })
      // Several finished requests made at one instant for one helper share a start; one session row is enough for them.
      .onConflictDoNothing();
  }
  if (spec.slots?.length) {
    await db
      .insert(requestSlots)
      .values(spec.slots.map((startsAt, i) => ({ requestId: id, position: i + 1, startsAt })));
  }
  return id;
}

export interface EventSpec {
  organizer: { id: string };
  title?: string;
  kind?: EventKind;
  status?: EventStatus;
  format?: EventFormat;
  capacity?: number;
  /** Defaults to a week from now, for two hours. */
  startsAt?: Date;
  endsAt?: Date;
  timezone?: string;
  venue?: string | null;
  onlineUrl?: string | null;
  description?: string;
  topics?: string[];
  /** Co-hosts and speakers; `accepted` unless a status says otherwise (an invitation not answered yet). */
  people?: { user: { id: string }; role: EventRole; status?: EventPersonStatus }[];
  slidesUrl?: string | null;
  recordingUrl?: string | null;
  readingListId?: string | null;
}

export interface CreatedEvent {
  id: string;
  slug: string;
  title: string;
}

/** Creates a valid (by default published, upcoming, online) event in one line. */
export async function createEvent(spec: EventSpec, db: Db = getDb()): Promise<CreatedEvent> {
  const n = ++counter;
  const id = generateId();
  const title = spec.title ?? `Test event ${n}`;
  const slug = `test-event-${n}-${id.slice(0, 6)}`;
  const startsAt = spec.startsAt ?? new Date(Date.now() + 7 * 86_400_000);
  const endsAt = spec.endsAt ?? new Date(startsAt.getTime() + 2 * 3_600_000);
  const format = spec.format ?? 'online';
  const status = spec.status ?? 'published';
  const topicIds = await Promise.all((spec.topics ?? []).map((t) => skillIdByName(t, db)));
  await db.transaction(async (tx) => {
    await tx.insert(events).values({
      id,
      slug,
      organizerId: spec.organizer.id,
      kind: spec.kind ?? 'workshop',
      title,
      description: spec.description ?? 'A test event.',
      format,
      venue: spec.venue === undefined ? (format === 'online' ? null : 'Room 1, Test Street 1') : spec.venue,
      onlineUrl:
        spec.onlineUrl === undefined
          ? format === 'in_person'
            ? null
            : `https://meet.example.test/${slug}`
          : spec.onlineUrl,
      startsAt,
      endsAt,
      timezone: spec.timezone ?? 'Europe/Berlin',
      capacity: spec.capacity ?? 20,
      status,
      publishedAt: status === 'draft' ? null : new Date(),
      cancelledAt: status === 'cancelled' ? new Date() : null,
      slidesUrl: spec.slidesUrl ?? null,
      recordingUrl: spec.recordingUrl ?? null,
      readingListId: spec.readingListId ?? null,
    });
    if (topicIds.length > 0)
      await tx.insert(eventTopics).values(topicIds.map((skillId, position) => ({ eventId: id, skillId, position })));
    for (const [position, p] of (spec.people ?? []).entries()) {
      const status = p.status ?? 'accepted';
      await tx.insert(eventPeople).values({
        eventId: id,
        userId: p.user.id,
        role: p.role,
        position,
        status,
        respondedAt: status === 'invited' ? null : new Date(),
      });
    }
    await enqueueIndexJob(tx, 'events', id);
  });
  return { id, slug, title };
}

export interface ListSpec {
  owner: { id: string };
  title?: string;
  description?: string;
  topics?: string[];
  /** How many made-up items, or the items themselves. */
  items?: number | { title: string; url?: string; kind?: ListItemKind; minutes?: number; why?: string }[];
}

/** Creates a valid reading list (with items) in one line. */
export async function createList(
  spec: ListSpec,
  db: Db = getDb(),
): Promise<{ id: string; slug: string; title: string; itemIds: string[] }> {
  const n = ++counter;
  const id = generateId();
  const title = spec.title ?? `Test list ${n}`;
  const slug = `test-list-${n}-${id.slice(0, 6)}`;
  type ItemSpec = Exclude<ListSpec['items'], number | undefined>[number];
  const items: ItemSpec[] =
    typeof spec.items === 'number' || spec.items === undefined
      ? Array.from({ length: spec.items ?? 3 }, (_, i) => ({ title: `Item ${i + 1} of list ${n}` }))
      : spec.items;
  const topicIds = await Promise.all((spec.topics ?? []).map((t) => skillIdByName(t, db)));
  const itemIds = items.map(() => generateId());
  await db.transaction(async (tx) => {
    await tx
      .insert(readingLists)
      .values({ id, slug, ownerId: spec.owner.id, title, description: spec.description ?? '' });
    if (topicIds.length > 0)
      await tx
        .insert(readingListTopics)
        .values(topicIds.map((skillId, position) => ({ listId: id, skillId, position })));
    if (items.length > 0) {
      await tx.insert(readingListItems).values(
        items.map((item, position) => ({
          id: itemIds[position]!,
          listId: id,
          position,
          url: item.url ?? `https://example.org/read/${n}/${position}`,
          title: item.title,
          kind: item.kind ?? 'article',
          why: item.why ?? 'Because it explains the basics well.',
          minutes: item.minutes ?? 15,
        })),
      );
    }
    await enqueueIndexJob(tx, 'lists', id);
  });
  return { id, slug, title, itemIds };
}

/**
 * Queues search jobs for members made with `createMember` (which writes rows directly,
 * without the services' outbox rows), so a running server indexes them.
 */
export async function queuePeopleIndexing(ids: string[], db: Db = getDb()): Promise<void> {
  for (const id of ids) await enqueueIndexJob(db, 'people', id);
}
