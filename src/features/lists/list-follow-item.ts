import type { DbOrTx } from '#db/client.ts';
import type { FollowItem } from '#features/follows/follows.service.ts';
import { findMember } from '#features/members/members.service.ts';
import * as repo from './lists.repo.ts';

/** A reading list as followers of its topics and of its owner hear about it. */
export async function listFollowItem(list: repo.ListRow, db: DbOrTx): Promise<FollowItem | null> {
  const [topics, owner] = await Promise.all([
    repo.topicsFor([list.id], db).then((m) => m.get(list.id) ?? []),
    findMember(list.ownerId),
  ]);
  if (!owner) return null;
  return {
    type: 'list',
    id: list.id,
    authorId: list.ownerId,
    authorName: owner.displayName,
    skills: topics.map((t) => ({ id: t.id, name: t.name })),
    url: `/lists/${list.slug}`,
    title: list.title,
    description: list.description,
  };
}
