import type { DbOrTx } from '#db/client.ts';
import type { ReportSnapshot } from '#db/schema/index.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { loadVisibleList } from './list-access.ts';
import * as repo from './lists.repo.ts';

/** What the moderation feature needs to know about a list someone reports, or a moderator acts on. */
export interface ModeratedList {
  id: string;
  ownerId: string;
  title: string;
  url: string;
  hidden: boolean;
}

function describe(list: repo.ListRow): ModeratedList {
  return {
    id: list.id,
    ownerId: list.ownerId,
    title: list.title,
    url: `/lists/${list.slug}`,
    hidden: list.hiddenAt !== null,
  };
}

/** The list as `viewer` may see it, for a report, with a snapshot of it and its items; NOT_FOUND otherwise. */
export async function listForReport(
  slug: string,
  viewer: Viewer,
): Promise<ModeratedList & { snapshot: ReportSnapshot }> {
  const { list } = await loadVisibleList({ slug }, viewer);
  const items = await repo.items(list.id);
  return {
    ...describe(list),
    snapshot: {
      title: list.title,
      url: `/lists/${list.slug}`,
      fields: [
        { label: 'Description', value: list.description },
        ...items.map((item, i) => ({
          label: `Item ${i + 1}`,
          value: `${item.title} — ${item.url}${item.why ? `\n${item.why}` : ''}`,
        })),
      ],
    },
  };
}

/** A list by id as a moderator sees it (hidden or not), or null. */
export async function listForModeration(id: string): Promise<ModeratedList | null> {
  const list = await repo.findListById(id);
  return list ? describe(list) : null;
}

/** Hides a list (its owner and moderators still see it; search drops it) or restores it, in the caller's transaction. */
export async function setListHidden(tx: DbOrTx, id: string, hidden: boolean, now: Date): Promise<ModeratedList | null> {
  if (!(await repo.setHidden(id, hidden ? now : null, tx))) return null;
  await enqueueIndexJob(tx, 'lists', id, 'upsert', now);
  const list = await repo.findListById(id, tx);
  return list ? describe(list) : null;
}

/**
 * Queues every list a member owns for search after their standing changed (withdrawn:
 * the documents go; back: they return). Returns the list ids.
 */
export async function refreshListsOf(tx: DbOrTx, ownerId: string, now: Date): Promise<string[]> {
  const ids = await repo.idsOwnedBy(ownerId, tx);
  for (const id of ids) await enqueueIndexJob(tx, 'lists', id, 'upsert', now);
  return ids;
}
