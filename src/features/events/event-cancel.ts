import type { DbOrTx } from '#db/client.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { eventPath } from './event-access.ts';
import { formatRange } from './event-times.ts';
import * as repo from './events.repo.ts';

/** Everyone a change to the event concerns: going, waitlisted, hosts, speakers and the organiser, but `except`. */
export function everyoneConcerned(
  event: repo.EventRow,
  people: { userId: string }[],
  rsvps: { userId: string }[],
  except: string | null,
): string[] {
  return [...new Set([...rsvps.map((r) => r.userId), ...people.map((p) => p.userId), event.organizerId])].filter(
    (id) => id !== except,
  );
}

/**
 * Cancels a published event inside the caller's transaction: it stays online, marked
 * cancelled (calendars get STATUS:CANCELLED), and everyone concerned but `actorId` is
 * told. `actorId` is null when the site cancels it (its organiser left). Returns the
 * notices to record.
 */
export async function cancelInTransaction(
  tx: DbOrTx,
  event: repo.EventRow,
  actorId: string | null,
  reason: { text: string | null; bySite?: boolean },
  now: Date,
): Promise<Notice[]> {
  await repo.updateEvent(event.id, { status: 'cancelled', cancelledAt: now, cancelReason: reason.text }, now, tx);
  await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
  const active = await repo.activeRsvpUserIds(event.id, ['going', 'waitlisted'], tx);
  // People still holding an invitation are told too: it lapses with the event.
  const people = ((await repo.peopleFor([event.id], tx)).get(event.id) ?? []).filter((p) => p.status !== 'declined');
  const when = `${formatRange(event.startsAt, event.endsAt, event.timezone)} (${event.timezone})`;
  const said = reason.text ? (reason.bySite ? ` ${reason.text}` : ` The organiser says: ${reason.text}`) : '';
  return everyoneConcerned(event, people, active, actorId).map((userId) => ({
    userId,
    kind: 'event.cancelled',
    title: `Cancelled: ${event.title}`,
    body: `${when} will not take place.${said}`,
    url: eventPath(event),
    actorId,
  }));
}
