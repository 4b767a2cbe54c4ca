import type { Viewer } from '#features/members/viewer.ts';
import { notFound } from '#server/errors.ts';
import { canViewList } from './list-visibility.ts';
import * as repo from './lists.repo.ts';

const NOT_FOUND = 'We could not find that reading list.';

/** A list's owner's standing, as `canViewList` reads it. */
export function ownerStanding(row: repo.ListWithOwner) {
  return { suspendedAt: row.ownerSuspendedAt, deletionDueAt: row.ownerDeletionDueAt };
}

/** A list by id or slug with its owner, if `viewer` may see it (`canViewList`); otherwise null. */
export async function findVisibleList(
  key: { id: string } | { slug: string },
  viewer: Viewer,
): Promise<repo.ListWithOwner | null> {
  const list = 'id' in key ? await repo.findListById(key.id) : await repo.findListBySlug(key.slug);
  const row = list ? (await repo.listsWithOwnerByIds([list.id]))[0] : undefined;
  return row && canViewList(row.list, viewer, ownerStanding(row)) ? row : null;
}

/** The same, or NOT_FOUND: a list the viewer may not see and no list at all look alike. */
export async function loadVisibleList(key: { id: string } | { slug: string }, viewer: Viewer) {
  const row = await findVisibleList(key, viewer);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}
