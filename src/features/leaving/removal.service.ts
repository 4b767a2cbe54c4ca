import type { Tx } from '#db/client.ts';
import { deleteAccountRow, findAccount } from '#features/accounts/standing.service.ts';
import { eventsOrganisedBy } from '#features/events/event-leaving.service.ts';
import { refreshListsOf } from '#features/lists/list-moderation.service.ts';
import { forgetNoticesAbout, type NotificationRow } from '#features/notifications/notifications.service.ts';
import { dropUnreadableRequests, requestsInvolving } from '#features/requests/lifecycle/closing.service.ts';
import { forgetRateLimitsOf } from '#server/auth/rate-limit.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { withdrawMember } from './withdrawal.service.ts';

export interface Removal {
  /** Notices for others, recorded and still standing: send their emails after commit. */
  rows: NotificationRow[];
  events: number;
  lists: number;
  /** The requests they took part in (some stay, for the other side; some went with them). */
  requestIds: string[];
}

/** Whether a site path is `path` or below it. */
function under(url: string, path: string): boolean {
  return url === path || ['?', '#', '/'].some((c) => url.startsWith(`${path}${c}`));
}

/**
 * Deletes a member for good, inside the caller's transaction, so that nothing left
 * identifies them: first they are withdrawn as when they leave (requests closed, events
 * handed to a co-host or cancelled, seats given up), then the account row goes and with
 * it, by the schema's cascades, their profile, skills, goals, lists, RSVPs, sessions,
 * devices, tokens, blocks, saves, calendar feed, appeals, the reports about them and
 * whatever other features keep per member. Their messages in others' threads stay, with
 * no author ("a former member"); a request nobody is left to read goes. Notices they
 * caused, counters keyed by them and their search documents go too.
 *
 * Used by the account-deletion job after the grace period and by `npm run admin --
 * remove-demo`. Null when there is no such account.
 */
export async function removeMember(tx: Tx, userId: string, now: Date): Promise<Removal | null> {
  const account = await findAccount(userId, tx);
  if (!account) return null;
  const withdrawn = await withdrawMember(tx, userId, now);
  const events = await eventsOrganisedBy(userId, tx);
  const lists = await refreshListsOf(tx, userId, now);
  const requests = await requestsInvolving(tx, userId);
  const orphaned = requests.filter((r) => (r.requesterId === userId ? r.recipientId : r.requesterId) === null);
  const gone = [...events.map((e) => e.path), ...orphaned.map((r) => `/requests/${r.id}`)];
  await forgetNoticesAbout(tx, userId, gone);
  await forgetRateLimitsOf(tx, account);
  await deleteAccountRow(tx, userId);
  await dropUnreadableRequests(tx);

  await enqueueIndexJob(tx, 'people', userId, 'delete', now);
  for (const id of lists) await enqueueIndexJob(tx, 'lists', id, 'delete', now);
  for (const { id } of events) await enqueueIndexJob(tx, 'events', id, 'delete', now);
  // The people they helped or were helped by: endorsements they gave went with them.
  const counterparts = new Set(requests.flatMap((r) => [r.requesterId, r.recipientId]));
  for (const id of counterparts) if (id && id !== userId) await enqueueIndexJob(tx, 'people', id, 'upsert', now);

  return {
    rows: withdrawn.rows.filter((row) => row.userId !== userId && !gone.some((path) => under(row.url, path))),
    events: events.length,
    lists: lists.length,
    requestIds: requests.map((r) => r.id),
  };
}
