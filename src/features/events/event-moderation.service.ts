import type { DbOrTx } from '#db/client.ts';
import type { ReportSnapshot } from '#db/schema/index.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { eventPath, loadEvent } from './event-access.ts';
import { formatRange } from './event-times.ts';
import * as repo from './events.repo.ts';
import { EVENT_FORMAT_LABELS, EVENT_KIND_LABELS } from './events.ts';

/** What the moderation feature needs to know about an event someone reports, or a moderator acts on. */
export interface ModeratedEvent {
  id: string;
  ownerId: string;
  title: string;
  url: string;
  hidden: boolean;
}

function describe(event: repo.EventRow): ModeratedEvent {
  return {
    id: event.id,
    ownerId: event.organizerId,
    title: event.title,
    url: eventPath(event),
    hidden: event.hiddenAt !== null,
  };
}

/** The event as `viewer` may see it, for a report, with a snapshot of what it says now; NOT_FOUND otherwise. */
export async function eventForReport(
  slug: string,
  viewer: Viewer,
): Promise<ModeratedEvent & { snapshot: ReportSnapshot }> {
  const { event } = await loadEvent({ slug }, viewer);
  return {
    ...describe(event),
    snapshot: {
      title: event.title,
      url: eventPath(event),
      fields: [
        { label: 'Kind', value: EVENT_KIND_LABELS[event.kind] },
        { label: 'When', value: `${formatRange(event.startsAt, event.endsAt, event.timezone)} (${event.timezone})` },
        { label: 'Where', value: [EVENT_FORMAT_LABELS[event.format], event.venue].filter(Boolean).join(': ') },
        { label: 'Description', value: event.description },
        ...(event.onlineUrl ? [{ label: 'Online link', value: event.onlineUrl }] : []),
      ],
    },
  };
}

/** An event by id as a moderator sees it (hidden or not), or null. */
export async function eventForModeration(id: string): Promise<ModeratedEvent | null> {
  const event = await repo.findEventById(id);
  return event ? describe(event) : null;
}

/**
 * Hides an event (only its organiser and moderators see it; search drops it) or
 * restores it, inside the caller's transaction. Null when there is no such event.
 */
export async function setEventHidden(
  tx: DbOrTx,
  id: string,
  hidden: boolean,
  now: Date,
): Promise<ModeratedEvent | null> {
  if (!(await repo.setHidden(id, hidden ? now : null, tx))) return null;
  await enqueueIndexJob(tx, 'events', id, 'upsert', now);
  const event = await repo.findEventById(id, tx);
  return event ? describe(event) : null;
}
