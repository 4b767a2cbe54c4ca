import { getDb } from '#db/client.ts';
import {
  ContributionIndex,
  canPublish,
  type Guarded,
  guard,
  publishableParts,
  withheld,
} from '#features/aggregates/privacy.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { resolveTopicField } from '#features/skills/skills.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { splitList } from '#server/validation.ts';
import * as attendance from './attendance.repo.ts';
import { cameToEvent, canRunDoor, feedbackIsOpen } from './attendance.ts';
import { eventPath, loadEvent } from './event-access.ts';
import * as repo from './event-feedback.repo.ts';
import { EVENT_FEEDBACK_LIMITS, type EventFeedbackInput, shuffleComments } from './event-feedback.ts';
import { topicsFor } from './events.repo.ts';

export type FeedbackFormState = 'open' | 'given' | 'not-yet' | 'closed' | 'not-attendee';

/** The feedback form of an event for one member, and whether they may fill it in. */
export async function getFeedbackForm(viewer: MemberViewer, slug: string, now = new Date()) {
  const { event, rsvp } = await loadEvent({ slug }, viewer);
  if (event.status !== 'published') throw notFound('We could not find that event.');
  const [anyIn, given, topics] = await Promise.all([
    attendance.anyCheckedIn(event.id),
    repo.hasGivenFeedback(event.id, viewer.id),
    topicsFor([event.id]).then((m) => m.get(event.id) ?? []),
  ]);
  let state: FeedbackFormState = 'open';
  if (given) state = 'given';
  else if (!cameToEvent(rsvp ?? undefined, anyIn)) state = 'not-attendee';
  else if (now.getTime() < event.endsAt.getTime()) state = 'not-yet';
  else if (!feedbackIsOpen(event, now)) state = 'closed';
  return { event, topics, state };
}

/**
 * An attendee's feedback: a rating, what worked, what to improve, and up to three topics
 * to run next. Once per attendee, enforced by the primary key, so a double submit (even
 * two at the same instant) records one.
 */
export async function giveEventFeedback(
  actor: MemberViewer,
  input: EventFeedbackInput,
  now = new Date(),
): Promise<void> {
  const { event, rsvp } = await loadEvent({ id: input.eventId }, actor);
  if (event.status !== 'published') throw notFound('We could not find that event.');
  if (!cameToEvent(rsvp ?? undefined, await attendance.anyCheckedIn(event.id)))
    throw new AppError('FORBIDDEN', 'Feedback is for the people who came to this event.');
  if (!feedbackIsOpen(event, now))
    throw new AppError(
      'CONFLICT',
      now < event.endsAt ? 'Feedback opens when the event ends.' : 'Feedback on this event has closed.',
    );
  await enforceRateLimit(RATE_LIMITS.eventFeedbackPerMember, actor.id, now);
  const next = await resolveTopicField(splitList(input.nextTopics), EVENT_FEEDBACK_LIMITS.nextTopicsMax);
  if (next.error) throw invalid({ nextTopics: next.error });
  const added = await getDb().transaction(async (tx) => {
    const inserted = await repo.insertFeedback(
      {
        eventId: event.id,
        userId: actor.id,
        rating: input.rating,
        worked: input.worked ?? '',
        improve: input.improve ?? '',
        signed: input.signed ?? false,
        createdAt: now,
      },
      tx,
    );
    if (inserted)
      await repo.insertNextTopics(
        event.id,
        actor.id,
        next.topics.map((t) => t.id),
        now,
        tx,
      );
    return inserted;
  });
  if (!added) throw new AppError('CONFLICT', 'You already gave feedback on this event. Thank you!');
}

export interface EventSummary {
  counts: attendance.AttendanceCounts;
  /** Whether check-in was used (otherwise attended and no-shows mean nothing). */
  checkInUsed: boolean;
  responses: number;
  average: Guarded<number>;
  /** How many gave each rating, 5 to 1; each count under the privacy rules. */
  distribution: { rating: number; n: Guarded<number> }[] | null;
  comments: { kind: 'worked' | 'improve'; text: string; by: { displayName: string; handle: string } | null }[];
  nextTopics: { slug: string; name: string; n: Guarded<number> }[];
}

/**
 * The organisers' summary of one event: RSVPs, waitlist, attended, no-shows, and the
 * feedback. Ratings only in aggregate (five responses or more); comments without names
 * unless signed, in an order unrelated to who wrote them. Organiser and co-hosts only.
 */
export async function getEventSummary(viewer: MemberViewer, slug: string) {
  const { event, relation } = await loadEvent({ slug }, viewer);
  if (!canRunDoor(relation)) throw notFound('We could not find that event.');
  const [counts, ratings, rows, topics] = await Promise.all([
    attendance.attendanceCounts(event.id),
    repo.ratings(event.id),
    repo.comments(event.id),
    repo.nextTopicCounts(event.id),
  ]);
  const responses = ratings.length;
  const total = ratings.reduce((sum, r) => sum + r.rating, 0);
  const comments: EventSummary['comments'] = [];
  for (const row of rows) {
    const by =
      row.signed && row.displayName && row.handle ? { displayName: row.displayName, handle: row.handle } : null;
    if (row.worked) comments.push({ kind: 'worked', text: row.worked, by });
    if (row.improve) comments.push({ kind: 'improve', text: row.improve, by });
  }
  const summary: EventSummary = {
    counts,
    checkInUsed: counts.attended > 0,
    responses,
    average: guard(responses, responses > 0 ? total / responses : 0),
    distribution: ratingDistribution(ratings),
    comments: shuffleComments(comments),
    nextTopics: topics.map((t) => ({ slug: t.slug, name: t.name, n: guard(t.n, t.n) })),
  };
  return { event, summary, ended: event.endsAt.getTime() <= Date.now() };
}

/**
 * How many gave each rating, with a count of fewer than five hidden and, so that the
 * hidden ones cannot be had by subtraction from the total, the rules of privacy.ts
 * applied to the five counts as parts of the whole. Null below five responses.
 */
function ratingDistribution(ratings: { userId: string; rating: number }[]): EventSummary['distribution'] {
  const index = new ContributionIndex(ratings.map((r) => ({ person: r.userId, slice: 0, tags: [String(r.rating)] })));
  const whole = { slices: [0], tags: [] };
  if (!canPublish(index, whole, [])) return null;
  const shown = publishableParts(index, whole, [], ['5', '4', '3', '2', '1'], () => [whole]);
  return [5, 4, 3, 2, 1].map((rating) => {
    const n = ratings.filter((r) => r.rating === rating).length;
    return { rating, n: shown.has(String(rating)) ? guard(n, n) : withheld<number>() };
  });
}

const HOUR = 3_600_000;

/**
 * After an event ends, asks the people who came for feedback: an inbox notice each (and
 * email when the site sends it). Each event is claimed once with a conditional update,
 * so several server processes never ask twice. Events that ended more than three days
 * before the job first sees them are skipped (no surprise notices after an upgrade).
 */
export async function requestEventFeedback(now = new Date()): Promise<number> {
  const due = await repo.eventsDueForFeedback(new Date(now.getTime() - 72 * HOUR), now, 50);
  let sent = 0;
  for (const { id } of due) {
    const rows = await getDb().transaction(async (tx) => {
      if (!(await repo.markFeedbackRequested(id, now, tx))) return [];
      const event = (await loadEvent({ id }, null, tx)).event;
      const rsvps = await attendance.rsvpsWithAttendance(id, tx);
      const anyIn = rsvps.some((r) => r.attendedAt !== null);
      const notices: Notice[] = rsvps
        .filter((r) => cameToEvent(r, anyIn))
        .map((r) => ({
          userId: r.userId,
          kind: 'event.feedback_request',
          title: `How was ${event.title}?`,
          body:
            'Thanks for coming. Two minutes of feedback helps the organisers, and your answer to ' +
            '“what should we run next?” helps the whole community choose its next workshop. ' +
            'Your comments go to the organisers without your name unless you sign them.',
          url: `${eventPath(event)}/feedback`,
        }));
      return notify(tx, notices, now);
    });
    sent += rows.length;
    await deliverEmails(rows, now);
  }
  return sent;
}
