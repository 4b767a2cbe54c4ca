import type { Tx } from '#db/client.ts';
import { refreshEventsOf, withdrawFromEvents } from '#features/events/event-leaving.service.ts';
import { refreshListsOf } from '#features/lists/list-moderation.service.ts';
import { type NotificationRow, notify } from '#features/notifications/notifications.service.ts';
import { closeRequestsOf } from '#features/requests/lifecycle/closing.service.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';

/*
 * "A member leaves": the one home of what happens when someone is withdrawn from the
 * community, whether a moderator suspended them or they asked to delete their account.
 * Their standing (users.suspended_at / deletion_due_at) is what hides them everywhere
 * (src/features/members/visibility.ts); this closes what they had going with others.
 */

export interface Withdrawal {
  /** Notices recorded for the people concerned (send their emails after commit). */
  rows: NotificationRow[];
  handedOver: number;
  cancelled: number;
}

/**
 * Inside the caller's transaction, after their standing was set: open requests close
 * and the other side is told; events they organise pass to a co-host or are cancelled
 * (everyone concerned told); their seats go to the waitlists; their profile, lists and
 * events are queued for search, which drops them. Running it twice changes nothing more.
 */
export async function withdrawMember(tx: Tx, userId: string, now: Date): Promise<Withdrawal> {
  const requestNotices = await closeRequestsOf(tx, userId, now);
  const events = await withdrawFromEvents(tx, userId, now);
  await refreshListsOf(tx, userId, now);
  await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
  const rows = await notify(tx, [...requestNotices, ...events.notices], now);
  return { rows: [...rows, ...events.promoted], handedOver: events.handedOver, cancelled: events.cancelled };
}

/**
 * A member comes back (a suspension lifted, a deletion cancelled): their profile, lists
 * and events return to search. What was closed or cancelled while they were away stays so.
 */
export async function restoreMember(tx: Tx, userId: string, now: Date): Promise<void> {
  await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
  await refreshListsOf(tx, userId, now);
  await refreshEventsOf(tx, userId, now);
}
