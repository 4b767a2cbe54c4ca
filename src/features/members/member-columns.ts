import { and, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { mentoringRequests, profiles, users, type Visibility } from '#db/schema/index.ts';
import { CAPACITY_STATES } from './availability.ts';
import { TEACHES_UPWARDS_SENIORITIES } from './reverse-mentor.ts';

/*
 * The one projection of "a member as others see them", for any query that joins
 * `users` with `profiles`: spread `memberColumns` into a select (adding what the
 * feature needs), and the rules in this folder can read the rows. The availability
 * column list lives here and nowhere else.
 */

/** Received requests that count against the member's capacity now (a subquery on `users.id`). */
const openRequests = sql<number>`(SELECT count(*) FROM ${mentoringRequests}
  WHERE ${mentoringRequests.recipientId} = ${users.id} AND ${inArray(mentoringRequests.state, [...CAPACITY_STATES])})`.mapWith(
  Number,
);

/** What `availabilityOf` / `availabilityState` read, with the open-request count they measure against. */
export const availabilityColumns = {
  seniority: profiles.seniority,
  timezone: profiles.timezone,
  openToAdhoc: profiles.openToAdhoc,
  openToOngoing: profiles.openToOngoing,
  openToReverse: profiles.openToReverse,
  capacityOpenRequests: profiles.capacityOpenRequests,
  capacityHoursMonth: profiles.capacityHoursMonth,
  unavailableUntil: profiles.unavailableUntil,
  openRequests,
};

/** Identity, public basics and availability of a member. */
export const memberColumns = {
  id: users.id,
  handle: users.handle,
  displayName: users.displayName,
  suspendedAt: users.suspendedAt,
  deletionDueAt: users.deletionDueAt,
  hiddenAt: profiles.hiddenAt,
  headline: profiles.headline,
  location: profiles.location,
  visibility: profiles.visibility,
  avatarKey: profiles.avatarKey,
  ...availabilityColumns,
};

/**
 * What an avatar and a person reference need (see `avatar.ts`, `personRef`): spread into
 * any select that joins `users` with `profiles`. The standing columns let `personRef`
 * leave out suspended, leaving and hidden members.
 */
export const faceColumns = {
  handle: users.handle,
  displayName: users.displayName,
  avatarKey: profiles.avatarKey,
  visibility: profiles.visibility,
  suspendedAt: users.suspendedAt,
  deletionDueAt: users.deletionDueAt,
  hiddenAt: profiles.hiddenAt,
};

/** SQL for `isWithdrawn` on the joined `users` row: neither suspended nor leaving. */
export function activeMemberCondition(): SQL {
  return and(isNull(users.suspendedAt), isNull(users.deletionDueAt))!;
}

/**
 * SQL for `isListedFor` (visibility.ts) on a `users` ⋈ `profiles` query: not withdrawn,
 * not hidden by a moderator, and one of these visibilities (see `visibleTo`).
 */
export function visibleMemberCondition(visibilities: Visibility[]): SQL {
  return and(inArray(profiles.visibility, visibilities), activeMemberCondition(), isNull(profiles.hiddenAt))!;
}

/** A column of the correlated `users` (or `profiles`) row the standing checks below read. */
const standingColumn = (alias: string, column: SQLiteColumn) =>
  sql`${sql.identifier(alias)}.${sql.identifier(column.name)}`;

/*
 * The standing checks are correlated on the primary key, so their cost follows the rows
 * the query reads rather than the number of members: an `IN (SELECT … FROM users)` list
 * costs a pass over every member on every query (the profile page's events and lists
 * took 10 and 8 ms at 10,000 members that way).
 */

/**
 * SQL: the member in `column` (an organiser, an owner, a requester) is not withdrawn,
 * for queries about their things that do not join `users` themselves.
 */
export function isActiveMember(column: SQLiteColumn): SQL {
  const standing = (c: SQLiteColumn) => standingColumn('standing', c);
  return sql`EXISTS (SELECT 1 FROM ${users} AS ${sql.identifier('standing')} WHERE ${standing(users.id)} = ${column}
    AND ${standing(users.suspendedAt)} IS NULL AND ${standing(users.deletionDueAt)} IS NULL)`;
}

/**
 * SQL: the member in `column` (a requester of an open call…) may be shown in listings:
 * not withdrawn and not hidden by a moderator (`isListedFor` without the visibility
 * choice), for queries that do not join `users` and `profiles` themselves.
 */
export function isListedMember(column: SQLiteColumn): SQL {
  const standing = (c: SQLiteColumn) => standingColumn('standing', c);
  const shown = (c: SQLiteColumn) => standingColumn('standing_profile', c);
  return sql`EXISTS (SELECT 1 FROM ${users} AS ${sql.identifier('standing')}
    JOIN ${profiles} AS ${sql.identifier('standing_profile')} ON ${shown(profiles.userId)} = ${standing(users.id)}
    WHERE ${standing(users.id)} = ${column} AND ${standing(users.suspendedAt)} IS NULL
    AND ${standing(users.deletionDueAt)} IS NULL AND ${shown(profiles.hiddenAt)} IS NULL)`;
}

/** SQL for the profile side of `isReverseMentor`: open to it and junior enough; join "can teach" yourself. */
export function reverseMentorCondition(): SQL {
  return sql`(${profiles.openToReverse} = 1 AND ${inArray(profiles.seniority, [...TEACHES_UPWARDS_SENIORITIES])})`;
}
