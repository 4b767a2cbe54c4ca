import { skillAliases } from '#features/skills/skills.service.ts';
import type { IndexSource, SearchDocument } from '#server/search/types.ts';
import * as repo from './lists.repo.ts';

/**
 * The "lists" index: every list that may be listed (not hidden, owner not withdrawn),
 * searchable by title, topics and item titles; filterable by topic.
 */
export const listsSource: IndexSource = {
  definition: {
    name: 'lists',
    searchableAttributes: ['title', 'topics', 'topicAliases', 'itemTitles', 'description'],
    filterableAttributes: ['topicSlugs', 'itemKinds'],
    sortableAttributes: ['updatedAt'],
    customRanking: ['updatedAt:desc'],
  },

  async load(ids) {
    const rows = await repo.listedWithOwnerByIds(ids);
    const listIds = rows.map((r) => r.list.id);
    const [topics, items] = await Promise.all([repo.topicsFor(listIds), repo.itemsFor(listIds)]);
    const aliases = await skillAliases([...topics.values()].flat().map((t) => t.id));
    return rows.map(({ list }): SearchDocument => {
      const listTopics = topics.get(list.id) ?? [];
      const listItems = items.get(list.id) ?? [];
      return {
        id: list.id,
        title: list.title,
        description: list.description.slice(0, 2000),
        topics: listTopics.map((t) => t.name),
        topicSlugs: listTopics.map((t) => t.slug),
        topicAliases: listTopics.flatMap((t) => aliases.get(t.id) ?? []),
        itemTitles: listItems.map((i) => i.title),
        itemKinds: [...new Set(listItems.map((i) => i.kind))],
        updatedAt: list.updatedAt.getTime(),
      };
    });
  },

  allIds: () => repo.allListIds(),
};
