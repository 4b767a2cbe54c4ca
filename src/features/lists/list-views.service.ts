import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { type PersonRef, personRef } from '#features/members/visibility.ts';
import { findSkillBySlug } from '#features/skills/skills.service.ts';
import { notFound } from '#server/errors.ts';
import { renderMarkdown } from '#server/markdown.ts';
import { searchIndex } from '#server/search/index.ts';
import { findVisibleList, loadVisibleList } from './list-access.ts';
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
  /** Only the owner's own listings ever include a list a moderator hid. */
  hidden: boolean;
}

/** The owner of a list as `personRef` reads them. */
function ownerOf(row: repo.ListWithOwner) {
  return {
    handle: row.ownerHandle,
    displayName: row.ownerName,
    visibility: row.ownerVisibility,
    avatarKey: row.ownerAvatarKey,
    hiddenAt: row.ownerHiddenAt,
    suspendedAt: row.ownerSuspendedAt,
    deletionDueAt: row.ownerDeletionDueAt,
  };
}

/** Cards for lists, in the order given, with what a listing shows. */
export async function toCards(rows: repo.ListWithOwner[], viewer: Viewer): Promise<ListCard[]> {
  const ids = rows.map((r) => r.list.id);
  const [topics, items, saves] = await Promise.all([repo.topicsFor(ids), repo.itemsFor(ids), repo.saveCounts(ids)]);
  return rows.map((row) => {
    const { list } = row;
    const listItems = items.get(list.id) ?? [];
    return {
      id: list.id,
      slug: list.slug,
      title: list.title,
      owner: personRef(ownerOf(row), viewer),
      topics: topics.get(list.id) ?? [],
      itemCount: listItems.length,
      totalMinutes: listItems.reduce((sum, i) => sum + i.minutes, 0),
      preview: listItems.slice(0, 3).map((i) => i.title),
      saves: saves.get(list.id) ?? 0,
      updatedAt: list.updatedAt,
      hidden: list.hiddenAt !== null,
    };
  });
}

/**
 * Everything /lists/<slug> shows of the list itself, if the viewer may see it
 * (`canViewList`); owner-only controls depend on `isOwner`. (The events it is used at
 * come from the events feature.)
 */
export async function getListPage(viewer: Viewer, slug: string) {
  const owner = await loadVisibleList({ slug }, viewer);
  const { list } = owner;
  const [items, topics, saved, saves, origin] = await Promise.all([
    repo.items(list.id),
    repo.topicsFor([list.id]),
    viewer ? repo.isSaved(viewer.id, list.id) : Promise.resolve(false),
    repo.saveCounts([list.id]),
    list.copiedFromId ? findVisibleList({ id: list.copiedFromId }, viewer).then((r) => r?.list) : null,
  ]);
  return {
    list,
    descriptionHtml: renderMarkdown(list.description),
    owner: personRef(ownerOf(owner), viewer),
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
      // The database has the last word: a list hidden since it was indexed is not shown.
      const found = new Map((await repo.listedWithOwnerByIds(ids)).map((r) => [r.list.id, r]));
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
  const [own, saved] = await Promise.all([
    repo.listsByOwner(viewer.id, 100, { includeHidden: true }),
    repo.savedBy(viewer.id),
  ]);
  return { own: await toCards(own, viewer), saved: await toCards(saved, viewer) };
}

/** Lists by one member, for their profile: the owner also sees those a moderator hid. */
export async function listsByOwner(ownerId: string, viewer: Viewer, limit = 12): Promise<ListCard[]> {
  return toCards(await repo.listsByOwner(ownerId, limit, { includeHidden: viewer?.id === ownerId }), viewer);
}

/** Lists on any of these topics, for topic pages and profiles. */
export async function listsForSkills(skillIds: number[], viewer: Viewer, limit = 6): Promise<ListCard[]> {
  return toCards(await repo.listsForSkills(skillIds, limit), viewer);
}

/** A compact summary of one list (an event's attached reading list), if `viewer` may see it. */
export async function listSummary(listId: string, viewer: Viewer) {
  const [row, items] = await Promise.all([findVisibleList({ id: listId }, viewer), repo.items(listId)]);
  if (!row) return null;
  const { list } = row;
  return { slug: list.slug, title: list.title, items, totalMinutes: items.reduce((sum, i) => sum + i.minutes, 0) };
}
