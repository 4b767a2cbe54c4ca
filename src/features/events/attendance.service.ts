import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import * as repo from './attendance.repo.ts';
import {
  type CheckInInput,
  cameToEvent,
  canRunDoor,
  displayCheckInCode,
  doorIsOpen,
  feedbackIsOpen,
  generateCheckInCode,
  normalizeCheckInCode,
  type SelfCheckInInput,
  selfCheckInIsOpen,
} from './attendance.ts';
import { loadEvent } from './event-access.ts';
import { hasGivenFeedback } from './event-feedback.repo.ts';
import { zoneFor } from './event-views.service.ts';

/** Folds case and accents so "jose" finds "José" at the door. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

async function doorEvent(viewer: MemberViewer, key: { slug: string } | { id: string }) {
  const access = await loadEvent(key, viewer);
  if (!canRunDoor(access.relation)) throw notFound('We could not find that event.');
  return access;
}

/**
 * The check-in page for organisers and co-hosts: everyone going (then the waitlist),
 * filtered by name or handle, who is in, and the code for self check-in.
 */
export async function getDoor(viewer: MemberViewer, slug: string, query = '', now = new Date()) {
  const { event } = await doorEvent(viewer, { slug });
  const [rows, counts, zone] = await Promise.all([
    repo.doorList(event.id),
    repo.attendanceCounts(event.id),
    zoneFor(viewer),
  ]);
  const q = fold(query.trim().replace(/^@/, ''));
  const people = q ? rows.filter((r) => fold(r.displayName).includes(q) || r.handle.includes(q)) : rows;
  const code = event.status === 'published' ? await repo.ensureCheckInCode(event.id, generateCheckInCode()) : null;
  return {
    event,
    zone: zone ?? event.timezone,
    people,
    total: rows.length,
    counts,
    code: code ? displayCheckInCode(code) : null,
    open: event.status === 'published' && doorIsOpen(event, now),
  };
}

/** Marks someone there (or not there, to undo a mistaken tap); organisers and co-hosts only. */
export async function checkIn(
  actor: MemberViewer,
  input: CheckInInput,
  now = new Date(),
): Promise<{ userId: string; attended: boolean; changed: boolean }> {
  const { event } = await doorEvent(actor, { id: input.eventId });
  if (event.status !== 'published') throw new AppError('CONFLICT', 'Only a published event has a door to check in at.');
  if (!doorIsOpen(event, now))
    throw new AppError('CONFLICT', 'Check-in opens two hours before the event starts and closes a week after it ends.');
  const changed = input.attended
    ? await repo.markAttended(event.id, input.userId, 'door', now)
    : await repo.clearAttended(event.id, input.userId);
  if (!changed) {
    const row = (await repo.doorList(event.id)).find((r) => r.userId === input.userId);
    // Already in the state asked for (a double tap, or someone else at the door was quicker).
    if (!row) throw notFound('That person has no RSVP for this event.');
  }
  return { userId: input.userId, attended: input.attended, changed };
}

/**
 * Self check-in with the code shown at the event: members going, around the event's
 * time, rate-limited so the code cannot be guessed.
 */
export async function selfCheckIn(actor: MemberViewer, input: SelfCheckInInput, now = new Date()): Promise<void> {
  const { event, rsvp } = await loadEvent({ id: input.eventId }, actor);
  if (event.status !== 'published' || rsvp?.status !== 'going')
    throw new AppError('FORBIDDEN', 'Self check-in is for members who are going to this event.');
  if (!selfCheckInIsOpen(event, now))
    throw new AppError('CONFLICT', 'Self check-in opens half an hour before the event and closes an hour after it.');
  if (rsvp.attendedAt) return;
  await enforceRateLimit(RATE_LIMITS.checkInCodePerMember, actor.id, now);
  const typed = new TextEncoder().encode(normalizeCheckInCode(input.code));
  const expected = new TextEncoder().encode(event.checkInCode ?? '');
  if (!event.checkInCode || typed.length !== expected.length || !constantTimeEqual(typed, expected))
    throw invalid({ code: 'That is not the code shown at the event. Check it and try again.' });
  await repo.markAttended(event.id, actor.id, 'code', now);
}

export interface AttendanceForViewer {
  /** Organisers and co-hosts: links to the door and the summary. */
  runsDoor: boolean;
  doorOpen: boolean;
  checkedIn: boolean;
  canSelfCheckIn: boolean;
  /** Feedback is open to this member and they have not given it yet. */
  canGiveFeedback: boolean;
  gaveFeedback: boolean;
}

/** What the event page offers this viewer around attendance and feedback. */
export async function attendanceForViewer(
  viewer: Viewer | null,
  eventId: string,
  now = new Date(),
): Promise<AttendanceForViewer | null> {
  if (!viewer) return null;
  const { event, rsvp, relation } = await loadEvent({ id: eventId }, viewer);
  if (event.status !== 'published') return null;
  const runsDoor = canRunDoor(relation);
  const going = rsvp?.status === 'going';
  const [anyIn, gave] = await Promise.all([
    repo.anyCheckedIn(event.id),
    rsvp ? hasGivenFeedback(event.id, viewer.id) : Promise.resolve(false),
  ]);
  const came = cameToEvent(rsvp ?? undefined, anyIn);
  return {
    runsDoor,
    doorOpen: doorIsOpen(event, now),
    checkedIn: rsvp?.attendedAt != null,
    canSelfCheckIn: going && !rsvp?.attendedAt && selfCheckInIsOpen(event, now),
    canGiveFeedback: came && !gave && feedbackIsOpen(event, now),
    gaveFeedback: gave,
  };
}
