import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { alias, type SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { type DbOrTx, getDb } from '#db/client.ts';
import {
  mentoringRequests,
  profiles,
  type RequestState,
  requestSlots,
  type Seniority,
  skills,
  users,
} from '#db/schema/index.ts';
import type { Face } from '#features/members/avatar.ts';
import { isListedMember } from '#features/members/member-columns.ts';
import { ACTIVE_STATES, INITIAL_STATE, type Transition } from './request-state.ts';

export type RequestRow = typeof mentoringRequests.$inferSelect;
/** Columns to set in an update; values may be SQL (a counter + 1, a coalesce). */
export type RequestUpdate = SQLiteUpdateSetSource<typeof mentoringRequests>;

const requester = alias(users, 'requester');
const recipient = alias(users, 'recipient');
const requesterProfile = alias(profiles, 'requester_profile');
const recipientProfile = alias(profiles, 'recipient_profile');

const personFields = (
  u: typeof requester | typeof recipient,
  p: typeof requesterProfile | typeof recipientProfile,
) => ({
  id: u.id,
  handle: u.handle,
  displayName: u.displayName,
  timezone: p.timezone,
  seniority: p.seniority,
  avatarKey: p.avatarKey,
  visibility: p.visibility,
});

/** A request with its skill and both people (recipient null for an open call nobody picked up). */
function detailQuery(db: DbOrTx) {
  return db
    .select({
      request: mentoringRequests,
      skill: { id: skills.id, slug: skills.slug, name: skills.name },
      requester: personFields(requester, requesterProfile),
      recipient: personFields(recipient, recipientProfile),
    })
    .from(mentoringRequests)
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .leftJoin(requester, eq(requester.id, mentoringRequests.requesterId))
    .leftJoin(requesterProfile, eq(requesterProfile.userId, mentoringRequests.requesterId))
    .leftJoin(recipient, eq(recipient.id, mentoringRequests.recipientId))
    .leftJoin(recipientProfile, eq(recipientProfile.userId, mentoringRequests.recipientId));
}

/** One side of a request, as pages and notices need it (a `Face` too). */
export interface RequestPerson extends Face {
  id: string;
  timezone: string;
  seniority: Seniority;
  /** True for a participant who deleted their account: shown without a name or link, never notified. */
  former?: boolean;
}

/** A participant who deleted their account. Their id matches no viewer, so they take part in nothing. */
export const FORMER_PARTICIPANT: RequestPerson = Object.freeze({
  id: '',
  handle: '',
  displayName: 'A former member',
  avatarKey: null,
  visibility: 'public',
  timezone: 'UTC',
  seniority: 'mid',
  former: true,
});

export interface RequestDetail {
  request: RequestRow;
  skill: { id: number; slug: string; name: string };
  requester: RequestPerson;
  /** Null for an open call nobody has picked up. */
  recipient: RequestPerson | null;
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof detailQuery>['get']>>;

/**
 * Whether the recipient slot is empty because its member left (rather than an open call
 * nobody picked up): a direct request always had one, and a picked-up call was accepted.
 */
function recipientLeft(r: RequestRow): boolean {
  return r.recipientId === null && (!r.openCall || r.acceptedAt !== null);
}

// A left join yields an object of nulls when there is nobody on a side.
function toDetail(row: NonNullable<DetailRow>): RequestDetail {
  return {
    ...row,
    requester: row.requester?.id ? (row.requester as RequestPerson) : FORMER_PARTICIPANT,
    recipient: row.recipient?.id
      ? (row.recipient as RequestPerson)
      : recipientLeft(row.request)
        ? FORMER_PARTICIPANT
        : null,
  };
}

export async function findRequestDetail(id: string, db: DbOrTx = getDb()): Promise<RequestDetail | undefined> {
  const row = await detailQuery(db).where(eq(mentoringRequests.id, id)).get();
  return row ? toDetail(row) : undefined;
}

export function findRequest(id: string, db: DbOrTx = getDb()): Promise<RequestRow | undefined> {
  return db.select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();
}

export interface ListFilter {
  role: 'all' | 'sent' | 'received';
  states: readonly RequestState[] | null;
  limit: number;
  offset: number;
}

/** A member's requests, sent and/or received, newest activity first. */
export async function listForMember(
  userId: string,
  filter: ListFilter,
  db: DbOrTx = getDb(),
): Promise<RequestDetail[]> {
  const mine: Record<ListFilter['role'], SQL | undefined> = {
    sent: eq(mentoringRequests.requesterId, userId),
    received: eq(mentoringRequests.recipientId, userId),
    all: or(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.recipientId, userId)),
  };
  const conditions = [mine[filter.role]];
  if (filter.states) conditions.push(inArray(mentoringRequests.state, [...filter.states]));
  const rows = await detailQuery(db)
    .where(and(...conditions))
    .orderBy(desc(mentoringRequests.updatedAt), desc(mentoringRequests.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return rows.map(toDetail);
}

/**
 * Open calls nobody has picked up yet, newest first; optionally only on some skills.
 * A call from a member who may not be listed (suspended, leaving, or their profile
 * hidden) is left out: it would name and show them on other people's pages.
 */
export async function listOpenCalls(
  opts: { skillIds?: number[]; excludeRequesterIds?: string[]; limit: number },
  db: DbOrTx = getDb(),
): Promise<RequestDetail[]> {
  const conditions = [
    eq(mentoringRequests.openCall, true),
    eq(mentoringRequests.state, 'open'),
    isNull(mentoringRequests.recipientId),
    isNull(mentoringRequests.hiddenAt),
    isListedMember(mentoringRequests.requesterId),
  ];
  if (opts.skillIds) {
    if (opts.skillIds.length === 0) return [];
    conditions.push(inArray(mentoringRequests.skillId, opts.skillIds));
  }
  if (opts.excludeRequesterIds?.length)
    conditions.push(notInArray(mentoringRequests.requesterId, opts.excludeRequesterIds));
  const rows = await detailQuery(db)
    .where(and(...conditions))
    .orderBy(desc(mentoringRequests.createdAt))
    .limit(opts.limit);
  return rows.map(toDetail);
}

export function findSlots(requestId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(requestSlots)
    .where(eq(requestSlots.requestId, requestId))
    .orderBy(asc(requestSlots.position));
}

export async function insertSlots(requestId: string, instants: Date[], db: DbOrTx): Promise<void> {
  if (instants.length === 0) return;
  await db.insert(requestSlots).values(instants.map((startsAt, i) => ({ requestId, position: i + 1, startsAt })));
}

const activeStates = sql.raw(`(${ACTIVE_STATES.map((s) => `'${s}'`).join(', ')})`);

/** Requests a member sent that still wait for an answer. */
export async function countOpenSent(userId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(mentoringRequests)
    .where(and(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.state, 'open')))
    .get();
  return row?.n ?? 0;
}

export interface GuardedInsertLimits {
  maxOpenSent: number;
  /** For a direct request: the recipient, whose capacity must have room. */
  recipientId: string | null;
}

/**
 * Inserts a request only if, at that moment, the requester has fewer than
 * `maxOpenSent` open requests and (for a direct request) the recipient has room under
 * their own capacity. One INSERT … SELECT … WHERE, so concurrent sends cannot both
 * squeeze past a limit. Returns false when a limit refused it.
 */
export async function insertRequestGuarded(row: RequestRow, limits: GuardedInsertLimits, db: DbOrTx): Promise<boolean> {
  const ms = (d: Date | null) => (d ? d.getTime() : null);
  const recipientRoom = limits.recipientId
    ? sql`AND (SELECT count(*) FROM mentoring_requests WHERE recipient_id = ${limits.recipientId} AND state IN ${activeStates})
          < (SELECT capacity_open_requests FROM profiles WHERE user_id = ${limits.recipientId})`
    : sql``;
  const result = await db.run(sql`
    INSERT INTO mentoring_requests (id, requester_id, recipient_id, open_call, skill_id, kind, reverse, reverse_auto, want, tried, outcome,
      format, duration_minutes, timezone, state, expires_at, sequence, created_at, updated_at)
    SELECT ${row.id}, ${row.requesterId}, ${row.recipientId}, ${row.openCall ? 1 : 0}, ${row.skillId}, ${row.kind},
      ${row.reverse ? 1 : 0}, ${row.reverseAuto ? 1 : 0}, ${row.want}, ${row.tried}, ${row.outcome}, ${row.format}, ${row.durationMinutes},
      ${row.timezone}, ${INITIAL_STATE}, ${ms(row.expiresAt)}, 0,
      ${ms(row.createdAt)}, ${ms(row.updatedAt)}
    WHERE (SELECT count(*) FROM mentoring_requests WHERE requester_id = ${row.requesterId} AND state = 'open') < ${limits.maxOpenSent}
    ${recipientRoom}`);
  return result.rowsAffected === 1;
}

/** Updates a request without changing its state (a message in its thread, say), stamping `updatedAt`. */
export async function touchRequest(id: string, set: TransitionUpdate, now: Date, db: DbOrTx): Promise<void> {
  await db
    .update(mentoringRequests)
    .set({ ...set, updatedAt: now })
    .where(eq(mentoringRequests.id, id));
}

/** Columns that change with a transition; the state itself comes from the `Transition`. */
export type TransitionUpdate = Omit<RequestUpdate, 'state'>;

/**
 * Writes a transition the state machine allowed: the request moves from the state the
 * caller saw to the next one, with other columns set alongside. Returns false if the
 * request was no longer in `from` (someone else acted first), so a transition happens
 * at most once.
 */
export async function moveState(id: string, move: Transition, set: TransitionUpdate, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(mentoringRequests)
    .set({ ...set, state: move.to })
    .where(and(eq(mentoringRequests.id, id), eq(mentoringRequests.state, move.from)));
  return result.rowsAffected === 1;
}

/**
 * The pick-up transition of an open call: `helperId` becomes the one who takes it,
 * only while it is still in `move.from`, nobody has it yet, and the helper has room
 * under their capacity. Several members pressing "pick up" at once: exactly one
 * UPDATE matches.
 */
export async function pickUpGuarded(
  id: string,
  helperId: string,
  move: Transition,
  set: TransitionUpdate,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(mentoringRequests)
    .set({ ...set, state: move.to, recipientId: helperId })
    .where(
      and(
        eq(mentoringRequests.id, id),
        eq(mentoringRequests.state, move.from),
        isNull(mentoringRequests.recipientId),
        ne(mentoringRequests.requesterId, helperId),
        sql`(SELECT count(*) FROM mentoring_requests r2 WHERE r2.recipient_id = ${helperId} AND r2.state IN ${activeStates})
            < (SELECT capacity_open_requests FROM profiles WHERE user_id = ${helperId})`,
      ),
    );
  return result.rowsAffected === 1;
}

/** Active requests between two members, either way round (blocking closes them). */
export function activeBetween(a: string, b: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(mentoringRequests)
    .where(
      and(
        inArray(mentoringRequests.state, [...ACTIVE_STATES]),
        or(
          and(eq(mentoringRequests.requesterId, a), eq(mentoringRequests.recipientId, b)),
          and(eq(mentoringRequests.requesterId, b), eq(mentoringRequests.recipientId, a)),
        ),
      ),
    );
}

/** A member's active requests, sent or received (they are leaving: each one closes). */
export function activeOf(userId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(mentoringRequests)
    .where(
      and(
        inArray(mentoringRequests.state, [...ACTIVE_STATES]),
        or(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.recipientId, userId)),
      ),
    );
}

/** Deletes requests nobody is left to read (both participants deleted their accounts); returns how many. */
export async function deleteUnreadable(db: DbOrTx): Promise<number> {
  const result = await db
    .delete(mentoringRequests)
    .where(and(isNull(mentoringRequests.requesterId), isNull(mentoringRequests.recipientId)));
  return result.rowsAffected;
}

/** Sets or clears a moderator's hiding of a request; false when there is no such request. */
export async function setRequestHidden(id: string, hiddenAt: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(mentoringRequests)
    .set({ hiddenAt })
    // Conditional, so two moderators acting at once cannot both hide (or restore) it.
    .where(
      and(
        eq(mentoringRequests.id, id),
        hiddenAt ? isNull(mentoringRequests.hiddenAt) : isNotNull(mentoringRequests.hiddenAt),
      ),
    );
  return result.rowsAffected === 1;
}

/** Requests a member took part in, with their ids on both sides (for what leaves with them). */
export function involving(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      id: mentoringRequests.id,
      requesterId: mentoringRequests.requesterId,
      recipientId: mentoringRequests.recipientId,
    })
    .from(mentoringRequests)
    .where(or(eq(mentoringRequests.requesterId, userId), eq(mentoringRequests.recipientId, userId)));
}

/** Received requests still waiting for the member's answer. */
export async function countWaitingFor(userId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(mentoringRequests)
    .where(and(eq(mentoringRequests.recipientId, userId), eq(mentoringRequests.state, 'open')))
    .get();
  return row?.n ?? 0;
}

/**
 * Requests filed before reverse mentoring became a flag had the kind "reverse": they
 * become ongoing (they kept a plan) with the flag set. Idempotent; run at start-up.
 */
export async function upgradeLegacyReverseKind(db: DbOrTx = getDb()): Promise<number> {
  const result = await db.run(
    sql`UPDATE mentoring_requests SET kind = 'ongoing', reverse = 1 WHERE kind NOT IN ('adhoc', 'ongoing')`,
  );
  return result.rowsAffected;
}
