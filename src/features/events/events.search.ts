import { skillAliases } from '#features/skills/skills.service.ts';
import { markdownToText } from '#server/markdown.ts';
import type { IndexSource, SearchDocument } from '#server/search/types.ts';
import * as listings from './event-listings.repo.ts';
import * as repo from './events.repo.ts';
import { EVENT_FORMAT_LABELS, EVENT_KIND_LABELS } from './events.ts';

/**
 * The "events" index: published events that may be listed (drafts never reach the
 * engine; a cancelled or hidden event, or one whose organiser is withdrawn, is removed). Filters: kind, topics (slugs), online / inPerson,
 * status, and startsAt (ms) for upcoming/past ranges and date sorting.
 */
export const eventsSource: IndexSource = {
  definition: {
    name: 'events',
    searchableAttributes: ['title', 'topics', 'topicAliases', 'kindLabel', 'formatLabel', 'description'],
    filterableAttributes: ['kind', 'topicSlugs', 'online', 'inPerson', 'status', 'startsAt', 'endsAt'],
    sortableAttributes: ['startsAt'],
    customRanking: ['startsAt:asc'],
  },

  async load(ids) {
    const rows = await listings.listedPublishedByIds(ids);
    const topics = await repo.topicsFor(rows.map((e) => e.id));
    const aliases = await skillAliases([...topics.values()].flat().map((t) => t.id));
    return rows.map((e): SearchDocument => {
      const eventTopics = topics.get(e.id) ?? [];
      return {
        id: e.id,
        title: e.title,
        description: markdownToText(e.description, 4000),
        topics: eventTopics.map((t) => t.name),
        topicSlugs: eventTopics.map((t) => t.slug),
        topicAliases: eventTopics.flatMap((t) => aliases.get(t.id) ?? []),
        kind: e.kind,
        kindLabel: EVENT_KIND_LABELS[e.kind],
        formatLabel: EVENT_FORMAT_LABELS[e.format],
        online: e.format !== 'in_person',
        inPerson: e.format !== 'online',
        status: e.status,
        startsAt: e.startsAt.getTime(),
        endsAt: e.endsAt.getTime(),
      };
    });
  },

  allIds: () => listings.publishedEventIds(),
};
