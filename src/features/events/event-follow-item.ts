import type { DbOrTx } from '#db/client.ts';
import type { FollowItem } from '#features/follows/follows.service.ts';
import { eventPath } from './event-access.ts';
import * as repo from './events.repo.ts';
import { EVENT_KIND_LABELS } from './events.ts';
import { describeRule } from './series/recurrence.ts';
import * as seriesRepo from './series/series.repo.ts';
import { ruleOf } from './series/series-rule.ts';

/**
 * A published event as followers of its topics and of its organiser hear about it. A
 * date of a series stands for the whole series, so followers hear once per series,
 * however many of its dates are published.
 */
export async function eventFollowItem(event: repo.EventRow, db: DbOrTx): Promise<FollowItem | null> {
  const [topics, organizer, inSeries] = await Promise.all([
    repo.topicsFor([event.id], db).then((m) => m.get(event.id) ?? []),
    repo.organizerOf(event.id, db),
    seriesRepo.occurrenceOfEvent(event.id, db),
  ]);
  if (!organizer) return null;
  const common = {
    authorId: event.organizerId,
    authorName: organizer.displayName,
    skills: topics.map((t) => ({ id: t.id, name: t.name })),
    title: event.title,
    what: EVENT_KIND_LABELS[event.kind].toLowerCase(),
  };
  if (inSeries) {
    const s = inSeries.series;
    return {
      ...common,
      type: 'series',
      id: s.id,
      url: `/events/series/${s.slug}`,
      rule: describeRule(ruleOf(s), s.firstDate, s.startTime),
      next: event.startsAt,
    };
  }
  return { ...common, type: 'event', id: event.id, url: eventPath(event), startsAt: event.startsAt };
}
