import type { DbOrTx } from '#db/client.ts';
import type { FollowItem } from '#features/follows/follows.service.ts';
import { eventPath } from './event-access.ts';
import * as repo from './events.repo.ts';
import { EVENT_KIND_LABELS } from './events.ts';

/** A published event as followers of its topics and of its organiser hear about it. */
export async function eventFollowItem(event: repo.EventRow, db: DbOrTx): Promise<FollowItem | null> {
  const [topics, organizer] = await Promise.all([
    repo.topicsFor([event.id], db).then((m) => m.get(event.id) ?? []),
    repo.organizerOf(event.id, db),
  ]);
  if (!organizer) return null;
  return {
    type: 'event',
    id: event.id,
    authorId: event.organizerId,
    authorName: organizer.displayName,
    skills: topics.map((t) => ({ id: t.id, name: t.name })),
    url: eventPath(event),
    title: event.title,
    what: EVENT_KIND_LABELS[event.kind].toLowerCase(),
    startsAt: event.startsAt,
  };
}
