import { and, eq, lte, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import {
  eventFeedback,
  events,
  eventTopics,
  mentoringRequests,
  mentoringRetrospectives,
  mentorshipItems,
  requestFeedback,
  rsvps,
  skills,
} from '#db/schema/index.ts';
import { MIN_PEOPLE } from '#features/aggregates/privacy.ts';

/**
 * What /insights aggregates, grouped in the database into buckets (see figures.ts):
 * per UTC month, period slice, topic category and part, the sums a figure needs, the
 * number of distinct people behind them and, below five, who they are. A few thousand
 * rows at most, however many requests and RSVPs there are.
 */

/** The instants where the 30-, 90- and 365-day windows start (periods.sliceStarts). */
export type SliceStarts = [number, number, number];

const month = (col: SQL | unknown) =>
  sql`(cast(strftime('%Y', ${col} / 1000, 'unixepoch') as integer) * 12 + cast(strftime('%m', ${col} / 1000, 'unixepoch') as integer) - 1)`;
const slice = (col: SQL | unknown, [s30, s90, s365]: SliceStarts) =>
  sql`(case when ${col} >= ${s30} then 0 when ${col} >= ${s90} then 1 when ${col} >= ${s365} then 2 else 3 end)`;
/** Distinct people, and their ids when fewer than five (comma-joined). */
const people = (column: string) => sql`count(distinct ${sql.raw(column)}) as people,
  case when count(distinct ${sql.raw(column)}) < ${MIN_PEOPLE} then group_concat(distinct ${sql.raw(column)}) end as ids`;

export interface RequestBucketRow {
  month: number;
  slice: number;
  category: string;
  outcome: string;
  ended: number;
  answered: number;
  n: number;
  reverse: number;
  /** Distinct requesters and helpers, and their ids when fewer than five of each. */
  requesters: number;
  requesterIds: string | null;
  helpers: number;
  helperIds: string | null;
}

/**
 * Requests by month, slice, category, outcome (completed, accepted — agreed, not
 * completed —, declined, expired, other), whether an agreed session ended (completed or
 * cancelled) and whether the helper answered. One pass: the people of a bucket are its
 * requesters and its helpers, counted apart and joined by the caller (`joinPeople`).
 */
export function requestBuckets(starts: SliceStarts, db: DbOrTx = getDb()) {
  const r = mentoringRequests;
  const outcome = sql`(case when ${r.state} = 'completed' then 'completed' when ${r.state} = 'declined' then 'declined'
    when ${r.state} = 'expired' then 'expired'
    when ${r.acceptedAt} is not null or ${r.state} in ('accepted', 'cancelled') then 'accepted' else 'other' end)`;
  return db.all<RequestBucketRow>(sql`
    select ${month(r.createdAt)} as month, ${slice(r.createdAt, starts)} as slice, ${skills.category} as category,
      ${outcome} as outcome, ${r.state} in ('completed', 'cancelled') as ended,
      ${r.firstAnsweredAt} is not null as answered, count(*) as n, sum(${r.kind} = 'reverse') as reverse,
      count(distinct ${r.requesterId}) as requesters,
      case when count(distinct ${r.requesterId}) < ${MIN_PEOPLE} then group_concat(distinct ${r.requesterId}) end as requesterIds,
      count(distinct ${r.recipientId}) as helpers,
      case when count(distinct ${r.recipientId}) < ${MIN_PEOPLE} then group_concat(distinct ${r.recipientId}) end as helperIds
    from ${r} join ${skills} on ${skills.id} = ${r.skillId}
    group by 1, 2, 3, 4, 5, 6`);
}

/**
 * The people of a bucket from two groups counted apart (requesters and helpers): five or
 * more if either group has five or more (ids unknown, null), otherwise the union of both.
 */
export function joinPeople(
  a: { count: number; ids: string | null },
  b: { count: number; ids: string | null },
): { people: number; ids: string | null } {
  if (a.count >= MIN_PEOPLE || b.count >= MIN_PEOPLE) return { people: Math.max(a.count, b.count), ids: null };
  const all = new Set([...(a.ids ? a.ids.split(',') : []), ...(b.ids ? b.ids.split(',') : [])]);
  return { people: all.size, ids: all.size >= MIN_PEOPLE ? null : [...all].join(',') };
}

/** The `k`-th and `k+1`-th shortest times to a first answer (ms) among requests since `from` in a category. */
export async function answerTimesAt(
  from: number,
  category: string | null,
  k: number,
  db: DbOrTx = getDb(),
): Promise<number[]> {
  const r = mentoringRequests;
  const rows = await db.all<{ d: number }>(sql`
    select ${r.firstAnsweredAt} - ${r.createdAt} as d from ${r} join ${skills} on ${skills.id} = ${r.skillId}
    where ${r.firstAnsweredAt} is not null and ${r.createdAt} >= ${from}
      ${category === null ? sql`` : sql`and ${skills.category} = ${category}`}
    order by d limit 2 offset ${k}`);
  return rows.map((row) => Number(row.d));
}

export interface RatingBucketRow {
  month: number;
  slice: number;
  category: string;
  n: number;
  total: number;
  people: number;
  ids: string | null;
}

/** Ratings after completed requests, by when they were given and the request's category; people: their authors. */
export function ratingBuckets(starts: SliceStarts, db: DbOrTx = getDb()) {
  const f = requestFeedback;
  return db.all<RatingBucketRow>(sql`
    select ${month(f.createdAt)} as month, ${slice(f.createdAt, starts)} as slice, ${skills.category} as category,
      count(*) as n, sum(${f.rating}) as total, ${people('"request_feedback"."author_id"')}
    from ${f} join ${mentoringRequests} on ${mentoringRequests.id} = ${f.requestId}
      join ${skills} on ${skills.id} = ${mentoringRequests.skillId}
    group by 1, 2, 3`);
}

export interface PlanBucketRow {
  month: number;
  slice: number;
  category: string;
  kind: string;
  n: number;
  done: number;
  requesters: number;
  requesterIds: string | null;
  helpers: number;
  helperIds: string | null;
}

/** Goals and milestones of mentorship plans, by when they were set; people: both sides (see `joinPeople`). */
export function planBuckets(starts: SliceStarts, db: DbOrTx = getDb()) {
  const i = mentorshipItems;
  const r = mentoringRequests;
  return db.all<PlanBucketRow>(sql`
    select ${month(i.createdAt)} as month, ${slice(i.createdAt, starts)} as slice, ${skills.category} as category,
      ${i.kind} as kind, count(*) as n, count(${i.doneAt}) as done,
      count(distinct ${r.requesterId}) as requesters,
      case when count(distinct ${r.requesterId}) < ${MIN_PEOPLE} then group_concat(distinct ${r.requesterId}) end as requesterIds,
      count(distinct ${r.recipientId}) as helpers,
      case when count(distinct ${r.recipientId}) < ${MIN_PEOPLE} then group_concat(distinct ${r.recipientId}) end as helperIds
    from ${i} join ${r} on ${r.id} = ${i.requestId} join ${skills} on ${skills.id} = ${r.skillId}
    where ${i.kind} in ('goal', 'milestone')
    group by 1, 2, 3, 4`);
}

export interface RetrospectiveBucketRow {
  month: number;
  slice: number;
  category: string;
  n: number;
  met: number;
  again: number;
  people: number;
  ids: string | null;
}

/** Retrospectives, by when they were written; people: their authors. */
export function retrospectiveBuckets(starts: SliceStarts, db: DbOrTx = getDb()) {
  const t = mentoringRetrospectives;
  return db.all<RetrospectiveBucketRow>(sql`
    select ${month(t.createdAt)} as month, ${slice(t.createdAt, starts)} as slice, ${skills.category} as category,
      count(*) as n, sum(${t.goalsMet} <> 'no') as met, sum(${t.wouldRepeat}) as again,
      ${people('"mentoring_retrospectives"."author_id"')}
    from ${t} join ${mentoringRequests} on ${mentoringRequests.id} = ${t.requestId}
      join ${skills} on ${skills.id} = ${mentoringRequests.skillId}
    group by 1, 2, 3`);
}

/** Published events that have started, with their public counts. */
export function eventFacts(now: Date, db: DbOrTx = getDb()) {
  return db
    .select({
      id: events.id,
      kind: events.kind,
      startsAt: events.startsAt,
      capacity: events.capacity,
      going: events.goingCount,
      waitlisted:
        sql<number>`(select count(*) from ${rsvps} where ${rsvps.eventId} = ${events.id} and ${rsvps.status} = 'waitlisted')`.mapWith(
          Number,
        ),
    })
    .from(events)
    .where(and(eq(events.status, 'published'), lte(events.startsAt, now)));
}

/** Topics of events, for the category filter. */
export function eventTopicFacts(db: DbOrTx = getDb()) {
  return db.select({ eventId: eventTopics.eventId, skillId: eventTopics.skillId }).from(eventTopics);
}

export interface EventBucketRow {
  eventId: string;
  n: number;
  total: number;
  people: number;
  ids: string | null;
}

/**
 * Per event that used check-in (someone was checked in): how many had a seat and how
 * many of them came (`total`); people: those with a seat.
 */
export function seatBuckets(db: DbOrTx = getDb()) {
  return db.all<EventBucketRow>(sql`
    select ${rsvps.eventId} as eventId, count(*) as n, count(${rsvps.attendedAt}) as total,
      ${people('"rsvps"."user_id"')}
    from ${rsvps}
    where ${rsvps.status} = 'going'
      and ${rsvps.eventId} in (select ${rsvps.eventId} from ${rsvps} where ${rsvps.attendedAt} is not null)
    group by ${rsvps.eventId}`);
}

/** Per event: how many rated it and the sum of the ratings; people: those who rated. */
export function eventRatingBuckets(db: DbOrTx = getDb()) {
  return db.all<EventBucketRow>(sql`
    select ${eventFeedback.eventId} as eventId, count(*) as n, sum(${eventFeedback.rating}) as total,
      ${people('"event_feedback"."user_id"')}
    from ${eventFeedback} group by ${eventFeedback.eventId}`);
}
