import { eq, inArray, like, or } from 'drizzle-orm';
import type { Database, Tx } from '#db/client.ts';
import {
  demoMembers,
  endorsements,
  eventPeople,
  events,
  mentoringRequests,
  notifications,
  rateLimits,
  readingLists,
  requestReports,
  users,
} from '#db/schema/index.ts';
import { leaveAllEvents } from '#features/events/rsvp.service.ts';
import { deliverEmails } from '#features/notifications/notifications.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { demoStatusChanged } from '#server/demo/status.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';

export interface DemoRemoval {
  members: number;
  events: number;
  lists: number;
  requests: number;
  /** Real members who moved up from a waitlist into a seat a demo member held. */
  promoted: number;
}

const CHUNK = 200;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Takes the demo community out of a database so that nothing of it remains: the
 * members marked in `demo_members` (the seeded demo and generated benchmark people)
 * with everything they made — events they organise, reading lists, requests they
 * were part of (with threads, plans, feedback and endorsements), reports they filed,
 * notices they caused, sessions, devices, rate-limit counters — and their search
 * documents, removed through the outbox. Seats they held at other people's events are
 * given up as when any member leaves (`leaveAllEvents`), so waitlists move up; real
 * members whose events, ranks or track records changed are re-indexed.
 *
 * One transaction: it happens whole or not at all.
 */
export async function removeDemoCommunity(database: Database, now = new Date()): Promise<DemoRemoval> {
  const db = database.db;
  const ids = (await db.select({ id: demoMembers.userId }).from(demoMembers)).map((r) => r.id);
  if (ids.length === 0) return { members: 0, events: 0, lists: 0, requests: 0, promoted: 0 };
  const isDemo = new Set(ids);

  const result = await db.transaction(async (tx) => {
    const people = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));

    // Their events go whole (RSVPs and hosts cascade): nobody is promoted into an event that is going away.
    const demoEvents = await tx
      .select({ id: events.id, slug: events.slug })
      .from(events)
      .where(inArray(events.organizerId, ids));
    const demoEventIds = demoEvents.map((e) => e.id);
    // Real events they co-host or speak at change their people: re-index them.
    const touchedEvents = await tx
      .selectDistinct({ id: eventPeople.eventId })
      .from(eventPeople)
      .where(inArray(eventPeople.userId, ids));
    for (const part of chunks(demoEventIds)) await tx.delete(events).where(inArray(events.id, part));

    // Seats at real events are given up the way any leaving member's are.
    const promoted = [];
    for (const id of ids) promoted.push(...(await leaveAllEvents(tx, id, now)));

    // Requests with a demo member on either side, and the real members whose track record they fed.
    const requests = await tx
      .select({
        id: mentoringRequests.id,
        requesterId: mentoringRequests.requesterId,
        recipientId: mentoringRequests.recipientId,
      })
      .from(mentoringRequests)
      .where(or(inArray(mentoringRequests.requesterId, ids), inArray(mentoringRequests.recipientId, ids)));
    const counterparts = new Set<string>();
    for (const r of requests) {
      for (const who of [r.requesterId, r.recipientId]) if (who && !isDemo.has(who)) counterparts.add(who);
    }
    const endorsedByDemo = await tx
      .select({ id: endorsements.endorseeId })
      .from(endorsements)
      .where(inArray(endorsements.endorserId, ids));
    for (const e of endorsedByDemo) if (!isDemo.has(e.id)) counterparts.add(e.id);
    const requestIds = requests.map((r) => r.id);
    for (const part of chunks(requestIds))
      await tx.delete(mentoringRequests).where(inArray(mentoringRequests.id, part));
    await tx.delete(requestReports).where(inArray(requestReports.reporterId, ids));

    // Notices real members got because of them, or about what is now gone.
    await removeNotices(
      tx,
      ids,
      demoEvents.map((e) => e.slug),
      requestIds,
    );

    const lists = await tx.select({ id: readingLists.id }).from(readingLists).where(inArray(readingLists.ownerId, ids));
    for (const part of chunks(lists.map((l) => l.id)))
      await tx.delete(readingLists).where(inArray(readingLists.id, part));

    // Counters keyed by their email or id (sign-in attempts, mails sent).
    for (const person of people) {
      await tx
        .delete(rateLimits)
        .where(or(like(rateLimits.key, `%${person.email}%`), like(rateLimits.key, `%:${person.id}`)));
    }

    // The accounts last: sessions, devices, profiles, skills, blocks, saves and the demo marks cascade.
    for (const part of chunks(ids)) await tx.delete(users).where(inArray(users.id, part));

    for (const id of ids) await enqueueIndexJob(tx, 'people', id, 'delete', now);
    for (const id of demoEventIds) await enqueueIndexJob(tx, 'events', id, 'delete', now);
    for (const { id } of lists) await enqueueIndexJob(tx, 'lists', id, 'delete', now);
    for (const { id } of touchedEvents)
      if (!demoEventIds.includes(id)) await enqueueIndexJob(tx, 'events', id, 'upsert', now);
    for (const id of counterparts) await enqueueIndexJob(tx, 'people', id, 'upsert', now);

    return {
      promoted,
      counts: { members: ids.length, events: demoEventIds.length, lists: lists.length, requests: requestIds.length },
    };
  });

  await deliverEmails(result.promoted, now);
  dataChanged('people', 'events', 'lists');
  demoStatusChanged();
  return { ...result.counts, promoted: result.promoted.length };
}

async function removeNotices(tx: Tx, ids: string[], eventSlugs: string[], requestIds: string[]): Promise<void> {
  for (const part of chunks(ids)) await tx.delete(notifications).where(inArray(notifications.actorId, part));
  const urls = [...eventSlugs.map((slug) => `/events/${slug}`), ...requestIds.map((id) => `/requests/${id}`)];
  for (const url of urls) {
    await tx
      .delete(notifications)
      .where(
        or(
          eq(notifications.url, url),
          like(notifications.url, `${url}?%`),
          like(notifications.url, `${url}#%`),
          like(notifications.url, `${url}/%`),
        ),
      );
  }
}
