import * as repo from './lists.repo.ts';

/** A member's reading lists with their items, and the lists they saved (their data export). */
export async function listsExport(userId: string) {
  const [own, saved] = await Promise.all([
    repo.listsByOwner(userId, 10_000, { includeHidden: true }),
    repo.savedBy(userId),
  ]);
  const ids = own.map((r) => r.list.id);
  const [items, topics] = await Promise.all([repo.itemsFor(ids), repo.topicsFor(ids)]);
  return {
    own: own.map(({ list }) => ({
      title: list.title,
      url: `/lists/${list.slug}`,
      description: list.description,
      topics: (topics.get(list.id) ?? []).map((t) => t.name),
      hiddenByModerators: list.hiddenAt !== null,
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
      items: (items.get(list.id) ?? []).map((i) => ({
        title: i.title,
        url: i.url,
        kind: i.kind,
        why: i.why,
        minutes: i.minutes,
      })),
    })),
    saved: saved.map(({ list }) => ({ title: list.title, url: `/lists/${list.slug}` })),
  };
}
