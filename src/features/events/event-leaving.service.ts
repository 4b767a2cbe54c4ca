import type { Tx } from '#db/client.ts';
import type { Notice, NotificationRow } from '#features/notifications/notifications.service.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { eventPath } from './event-access.ts';
import { cancelInTransaction } from './event-cancel.ts';
import * as repo from './events.repo.ts';
import { leaveAllEvents } from './rsvp.service.ts';

/*
 * What happens to a member's events when they leave the community (suspended, or
 * deleting their account): called by the one "a member leaves" service
 * (src/features/leaving), inside its transaction.
 */

const ORGANISER_LEFT = 'The organiser can no longer run it.';

export interface EventsLeft {
  notices: Notice[];
  /** Promotions from waitlists into the seats they held, already recorded (send their emails after commit). */
  promoted: NotificationRow[];
  handedOver: number;
  cancelled: number;
}

/**
 * Each event they organise that has not ended goes to its first co-host whose account
 * is active (who is told), or is cancelled when there is none (everyone concerned is
 * told). Their seats and waitlist places elsewhere are given up, so waitlists move up.
 * Every event they organise is queued for search, which drops a withdrawn organiser's.
 */
export async function withdrawFromEvents(tx: Tx, userId: string, now: Date): Promise<EventsLeft> {
  const out: EventsLeft = { notices: [], promoted: [], handedOver: 0, cancelled: 0 };
  for (const event of await repo.runningOrganisedBy(userId, now, tx)) {
    const [coHost] = await repo.activeCoHosts(event.id, userId, tx);
    if (coHost) {
      await repo.handOver(event.id, coHost.userId, now, tx);
      await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
      out.handedOver++;
      out.notices.push({
        userId: coHost.userId,
        kind: 'event.handed_over',
        title: `You now organise ${event.title}`,
        body:
          'Its organiser can no longer run it, so it passed to you as its first co-host. You can edit it, ' +
          'see the attendees and send announcements; cancel it if it cannot go ahead.',
        url: eventPath(event),
      });
    } else {
      out.notices.push(...(await cancelInTransaction(tx, event, null, { text: ORGANISER_LEFT, bySite: true }, now)));
      out.cancelled++;
    }
  }
  out.promoted = await leaveAllEvents(tx, userId, now);
  await refreshEventsOf(tx, userId, now);
  return out;
}

/** Queues every event a member organises for search (after their standing changed either way). */
export async function refreshEventsOf(tx: Tx, userId: string, now: Date): Promise<void> {
  for (const { id } of await repo.organisedRefs(userId, tx)) await enqueueIndexJob(tx, 'events', id, 'upsert', now);
}

/** The events a member organises, any status (what goes with them when their account is deleted). */
export async function eventsOrganisedBy(userId: string, tx: Tx): Promise<{ id: string; path: string }[]> {
  return (await repo.organisedRefs(userId, tx)).map((e) => ({ id: e.id, path: eventPath(e) }));
}
