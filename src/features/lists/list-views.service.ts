import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { type PersonRef, personRef } from '#features/members/visibility.ts';
import { findSkillBySlug } from '#features/skills/skills.service.ts';
import { notFound } from '#server/errors.ts';
import { renderMarkdown } from '#server/markdown.ts';
import { searchIndex } from '#server/search/index.ts';
import * as repo from './lists.repo.ts';

export interface ListCard {
  id: string;
  slug: string;
  title: string;
  owner: PersonRef;
  topics: repo.ListTopic[];
  itemCount: number;
  totalMinutes: number;
  /** The first few item titles, as a preview. */
  preview: string[];
  saves: number;
  updatedAt: Date;
}

/** Cards for lists, in the order given, with what a listing shows. */
export async function toCards(rows: repo.ListWithOwner[], viewer: Viewer): Promise<ListCard[]> {
  const ids = rows.map((r) => r.list.id);
  const [topics, items, saves] = await Promise.all([repo.topicsFor(ids), repo.itemsFor(ids), repo.saveCounts(ids)]);
  return rows.map(({ list, ownerHandle, ownerName, ownerVisibility }) => {
    const listItems = items.get(list.id) ?? [];
    return {
      id: list.id,
      slug: list.slug,
      title: list.title,
      owner: personRef({ handle: ownerHandle, displayName: ownerName, visibility: ownerVisibility }, viewer),
      topics: topics.get(list.id) ?? [],
      itemCount: listItems.length,
      totalMinutes: listItems.reduce((sum, i) => sum + i.minutes, 0),
      preview: listItems.slice(0, 3).map((i) => i.title),
      saves: saves.get(list.id) ?? 0,
      updatedAt: list.updatedAt,
    };
  });
}

/**
 * Everything /lists/<slug> shows of the list itself. Lists are public; owner-only
 * controls depend on `isOwner`. (The events it is used at come from the events feature.)
 */
export async function getListPage(viewer: Viewer, slug: string) {
  const list = await repo.findListBySlug(slug);
  if (!list) throw notFound('We could not find that reading list.');
  const [withOwner, items, topics, saved, saves, origin] = await Promise.all([
    repo.listsWithOwnerByIds([list.id]),
    repo.items(list.id),
    repo.topicsFor([list.id]),
    viewer ? repo.isSaved(viewer.id, list.id) : Promise.resolve(false),
    repo.saveCounts([list.id]),
    list.copiedFromId ? repo.findListById(list.copiedFromId) : Promise.resolve(undefined),
  ]);
  const owner = withOwner[0]!;
  return {
    list,
    descriptionHtml: renderMarkdown(list.description),
    owner: personRef(
      { handle: owner.ownerHandle, displayName: owner.ownerName, visibility: owner.ownerVisibility },
      viewer,
    ),
    isOwner: viewer?.id === list.ownerId,
    items,
    totalMinutes: items.reduce((sum, i) => sum + i.minutes, 0),
    topics: topics.get(list.id) ?? [],
    saved,
    saves: saves.get(list.id) ?? 0,
    copiedFrom: origin ? { slug: origin.slug, title: origin.title } : null,
  };
}

/** The owner's edit view: the list and its items. */
export async function getListForEditing(viewer: MemberViewer, slug: string) {
  const list = await repo.findListBySlug(slug);
  if (!list || list.ownerId !== viewer.id) throw notFound('We could not find that reading list.');
  const [items, topics] = await Promise.all([repo.items(list.id), repo.topicsFor([list.id])]);
  return { list, items, topics: topics.get(list.id) ?? [] };
}

/**
 * /lists: newest first. Text search and the topic filter go through the search engine
 * (typos, aliases, item titles); when it is down the topic filter falls back to the
 * database and a text search says it is unavailable.
 */
export async function browseLists(
  viewer: Viewer,
  query: { q?: string | undefined; topic?: string | undefined; page: number },
) {
  const perPage = 24;
  const [topic, topicCounts] = await Promise.all([
    query.topic ? findSkillBySlug(query.topic) : undefined,
    repo.topicCounts(),
  ]);
  let notice: string | null = null;
  if (query.q || query.topic) {
    const outcome = await searchIndex('lists', {
      q: query.q ?? '',
      filters: query.topic ? { topicSlugs: query.topic } : undefined,
      sort: query.q ? undefined : ['updatedAt:desc'],
      page: query.page,
      hitsPerPage: perPage,
    });
    if (outcome.ok) {
      const ids = outcome.result.hits.map((h) => h.id);
      const found = new Map((await repo.listsWithOwnerByIds(ids)).map((r) => [r.list.id, r]));
      const rows = ids.map((id) => found.get(id)).filter((r) => r !== undefined);
      return {
        cards: await toCards(rows, viewer),
        total: outcome.result.total,
        perPage,
        topic: topic ?? null,
        topicCounts,
        notice,
      };
    }
    notice = query.q ? `${outcome.message} Showing lists without the text search.` : null;
  }
  const { rows, total } = await repo.browse(
    // An unknown topic matches nothing rather than everything.
    { skillIds: query.topic ? [topic?.id ?? -1] : undefined },
    { limit: perPage, offset: (query.page - 1) * perPage },
  );
  return { cards: await toCards(rows, viewer), total, perPage, topic: topic ?? null, topicCounts, notice };
}

/** A member's own lists and the ones they saved (for /lists and for attaching to an event). */
export async function myLists(viewer: MemberViewer) {
  const [own, saved] = await Promise.all([repo.listsByOwner(viewer.id, 100), repo.savedBy(viewer.id)]);
  return { own: await toCards(own, viewer), saved: await toCards(saved, viewer) };
}

/** Lists by one member, for their profile. */
export async function listsByOwner(ownerId: string, viewer: Viewer, limit = 12): Promise<ListCard[]> {
  return toCards(await repo.listsByOwner(ownerId, limit), viewer);
}

/** Lists on any of these topics, for topic pages and profiles. */
export async function listsForSkills(skillIds: number[], viewer: Viewer, limit = 6): Promise<ListCard[]> {
  return toCards(await repo.listsForSkills(skillIds, limit), viewer);
}

/** A compact summary of one list (an event's attached reading list). */
export async function listSummary(listId: string) {
  const [list, items] = await Promise.all([repo.findListById(listId), repo.items(listId)]);
  if (!list) return null;
  return { slug: list.slug, title: list.title, items, totalMinutes: items.reduce((sum, i) => sum + i.minutes, 0) };
}
