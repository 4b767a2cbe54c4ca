import { getDb, type Tx } from '#db/client.ts';
import type { RsvpStatus } from '#db/schema/index.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type NotificationRow, notify } from '#features/notifications/notifications.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError } from '#server/errors.ts';
import { eventPath, loadEvent } from './event-access.ts';
import * as listings from './event-listings.repo.ts';
import { formatRange } from './event-times.ts';
import * as repo from './events.repo.ts';
import { canRsvp } from './events.ts';
import { planPromotions, waitlistPosition } from './waitlist.ts';

type Actor = MemberViewer;

export interface RsvpState {
  status: RsvpStatus;
  /** Place on the waitlist (1 = next), when waitlisted. */
  position: number | null;
}

/** Thrown inside a transaction to roll it back when a parallel request changed the same RSVP. */
class LostRace extends Error {}

function refuseUnlessOpen(event: repo.EventRow, now: Date): void {
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event was cancelled.');
  if (event.startsAt.getTime() <= now.getTime())
    throw new AppError('CONFLICT', 'This event has already started, so RSVPs are closed.');
}

async function currentState(eventId: string, userId: string): Promise<RsvpState> {
  const row = await repo.findRsvp(eventId, userId);
  if (!row || row.status === 'cancelled') return { status: 'cancelled', position: null };
  if (row.status === 'going') return { status: 'going', position: null };
  return { status: 'waitlisted', position: waitlistPosition(await repo.waitlist(eventId), userId) };
}

/**
 * Says "I'm going": takes a seat if one is free, or joins the end of the waitlist.
 * Saying it twice changes nothing. The seat is taken by a conditional update inside the
 * transaction, so however many members RSVP at the same instant, the number going never
 * passes capacity, and arrival numbers keep the waitlist in order.
 */
export async function rsvp(actor: Actor, eventId: string, now = new Date()): Promise<RsvpState> {
  const { event, relation } = await loadEvent({ id: eventId }, actor);
  if (!canRsvp(relation)) {
    throw new AppError('CONFLICT', 'You are running this event, so you already have a place: no RSVP needed.');
  }
  refuseUnlessOpen(event, now);
  await enforceRateLimit(RATE_LIMITS.rsvpPerUser, actor.id, now);
  try {
    await getDb().transaction(async (tx) => {
      const existing = await repo.findRsvp(event.id, actor.id, tx);
      if (existing && existing.status !== 'cancelled') return;
      let status: RsvpStatus = 'going';
      let seq = await repo.takeSeat(event.id, now, tx);
      if (seq === null) {
        status = 'waitlisted';
        seq = await repo.takeQueueNumber(event.id, now, tx);
      }
      if (seq === null) throw new AppError('CONFLICT', 'This event is no longer open for RSVPs.');
      if (!(await repo.putRsvp(event.id, actor.id, status, seq, now, tx))) throw new LostRace();
    });
  } catch (error) {
    if (!(error instanceof LostRace)) throw error;
  }
  return currentState(event.id, actor.id);
}

/**
 * Promotes from the waitlist into free seats, earliest arrival first, each with a
 * notification. Runs inside the caller's transaction after anything that frees or adds
 * seats; returns the notifications for `deliverEmails` after commit.
 */
export async function promoteFromWaitlist(tx: Tx, eventId: string, now: Date): Promise<NotificationRow[]> {
  const event = await repo.findEventById(eventId, tx);
  if (event?.status !== 'published' || event.startsAt.getTime() <= now.getTime()) return [];
  const plan = planPromotions(event.capacity, event.goingCount, await repo.waitlist(eventId, tx));
  const promoted: string[] = [];
  for (const next of plan) {
    if (!(await repo.fillSeat(eventId, tx))) break;
    if (await repo.moveRsvp(eventId, next.userId, 'waitlisted', 'going', now, tx)) promoted.push(next.userId);
    else await repo.releaseSeat(eventId, tx);
  }
  return notify(
    tx,
    promoted.map((userId) => ({
      userId,
      kind: 'event.promoted',
      title: `You have a seat at ${event.title}`,
      body: [
        'A seat came free and you moved up from the waitlist: you are going.',
        `${formatRange(event.startsAt, event.endsAt, event.timezone)} (${event.timezone}).`,
        'Cannot make it after all? Cancel on the event page so the next person gets the seat.',
      ].join(' '),
      url: eventPath(event),
    })),
    now,
  );
}

/** Cancels a member's RSVP; a freed seat goes to the first on the waitlist at once. */
export async function cancelRsvp(actor: Actor, eventId: string, now = new Date()): Promise<RsvpState> {
  const { event } = await loadEvent({ id: eventId }, actor);
  refuseUnlessOpen(event, now);
  const promoted = await getDb().transaction(async (tx) => {
    const existing = await repo.findRsvp(event.id, actor.id, tx);
    if (!existing || existing.status === 'cancelled') return [];
    if (!(await repo.moveRsvp(event.id, actor.id, existing.status, 'cancelled', now, tx))) return [];
    if (existing.status !== 'going') return [];
    await repo.releaseSeat(event.id, tx);
    return promoteFromWaitlist(tx, event.id, now);
  });
  await deliverEmails(promoted);
  return { status: 'cancelled', position: null };
}

/**
 * Gives up a member's seats and waitlist places at events that have not started
 * (they are leaving or suspended): seats are released and filled from the waitlists
 * inside the caller's transaction. Deleting the user row alone would cascade the RSVPs
 * away but leave their seats counted as taken. Past attendance stays as it was.
 * Returns the promotion notices for `deliverEmails` after commit.
 */
export async function leaveAllEvents(tx: Tx, userId: string, now = new Date()): Promise<NotificationRow[]> {
  const promoted: NotificationRow[] = [];
  for (const { eventId } of await listings.heldPlaces(userId, now, tx)) {
    promoted.push(...(await leaveEvent(tx, eventId, userId, now)));
  }
  return promoted;
}

/**
 * Gives up a member's RSVP to one event, if they have an active one, inside the caller's
 * transaction (a co-host or speaker who accepts runs the event and needs no seat): a
 * freed seat goes to the waitlist. Returns the promotion notices for `deliverEmails`.
 */
export async function leaveEvent(tx: Tx, eventId: string, userId: string, now: Date): Promise<NotificationRow[]> {
  const existing = await repo.findRsvp(eventId, userId, tx);
  if (!existing || existing.status === 'cancelled') return [];
  if (!(await repo.moveRsvp(eventId, userId, existing.status, 'cancelled', now, tx))) return [];
  if (existing.status !== 'going') return [];
  await repo.releaseSeat(eventId, tx);
  return promoteFromWaitlist(tx, eventId, now);
}
