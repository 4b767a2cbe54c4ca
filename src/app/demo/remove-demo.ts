import type { Database } from '#db/client.ts';
import { demoMembers } from '#db/schema/index.ts';
import { removeMember } from '#features/leaving/removal.service.ts';
import { deliverEmails, type NotificationRow } from '#features/notifications/notifications.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { demoStatusChanged } from '#server/demo/status.ts';

export interface DemoRemoval {
  members: number;
  events: number;
  lists: number;
  requests: number;
  /** Real members who moved up from a waitlist into a seat a demo member held. */
  promoted: number;
}

/**
 * Takes the demo community out of a database: the members marked in `demo_members`
 * (the seeded demo and generated benchmark people) leave the way any member who
 * deletes their account does, at once and without a grace period (`removeMember`, the
 * one home of "a member leaves"): events they organise go to a real co-host or are
 * cancelled and removed, their seats at real members' events go to the waitlists (whose
 * people are told), everything they made goes with their account, and their search
 * documents leave through the outbox. A real member who talked with a demo member keeps
 * the thread, with "a former member" on the other side.
 *
 * Each member's removal is one transaction; if it stops half-way, running it again
 * finishes the rest.
 */
export async function removeDemoCommunity(database: Database, now = new Date()): Promise<DemoRemoval> {
  const db = database.db;
  const ids = (await db.select({ id: demoMembers.userId }).from(demoMembers)).map((r) => r.id);
  const totals = { members: 0, events: 0, lists: 0, promoted: 0 };
  const requests = new Set<string>();
  const rows: NotificationRow[] = [];
  for (const id of ids) {
    const removal = await db.transaction((tx) => removeMember(tx, id, now));
    if (!removal) continue;
    totals.members++;
    totals.events += removal.events;
    totals.lists += removal.lists;
    for (const r of removal.requestIds) requests.add(r);
    rows.push(...removal.rows);
  }
  // Notices to demo members removed later in the loop find no address and are skipped.
  await deliverEmails(rows, now);
  totals.promoted = rows.filter((r) => r.kind === 'event.promoted' && !ids.includes(r.userId)).length;
  if (ids.length > 0) {
    dataChanged('people', 'events', 'lists');
    demoStatusChanged();
  }
  return { ...totals, requests: requests.size };
}
