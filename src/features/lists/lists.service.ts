import { getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import { announceToFollowers } from '#features/follows/follows.service.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { resolveTopicField } from '#features/skills/skills.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { slugify, splitList } from '#server/validation.ts';
import { findVisibleList, loadVisibleList } from './list-access.ts';
import { listFollowItem } from './list-follow-item.ts';
import * as repo from './lists.repo.ts';
import { type ItemInput, isPermutation, LIST_LIMITS, type ListInput, MAX_LIST_ITEMS, moveId } from './lists.ts';

type Actor = MemberViewer;

const RESERVED_SLUGS = new Set(['new', 'saved', 'mine']);
const NOT_FOUND = 'We could not find that reading list.';
/** Lists are public as soon as they exist: writing one reaches other people (see members/verified-email.ts). */
const PUBLISHING = 'publish reading lists';

async function freeSlug(title: string): Promise<string> {
  const base = slugify(title);
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!RESERVED_SLUGS.has(candidate) && !(await repo.slugTaken(candidate))) return candidate;
  }
  return `${base}-${generateId().slice(0, 6)}`;
}

async function resolveTopics(input: ListInput): Promise<number[]> {
  const { topics, error } = await resolveTopicField(splitList(input.topics), LIST_LIMITS.topicsMax);
  if (error) throw invalid({ topics: error });
  return topics.map((t) => t.id);
}

/** A reading list by id or slug that `viewer` may see (`canViewList`), or null. */
export async function findReadingList(
  key: { id: string } | { slug: string },
  viewer: Viewer,
): Promise<repo.ListRow | null> {
  return (await findVisibleList(key, viewer))?.list ?? null;
}

/** The list if `actor` owns it; anyone else gets NOT_FOUND for owner-only operations. */
export async function ownedList(actor: Actor, listId: string): Promise<repo.ListRow> {
  const list = await repo.findListById(listId);
  if (!list || list.ownerId !== actor.id) throw notFound(NOT_FOUND);
  return list;
}

async function insertWithFreeSlug(title: string, write: (slug: string) => Promise<void>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const slug = await freeSlug(title);
    try {
      await write(slug);
      return slug;
    } catch (error) {
      if (attempt < 3 && uniqueViolation(error)?.includes('reading_lists.slug')) continue;
      throw error;
    }
  }
}

/** Creates an empty list; items are added on its edit page. */
export async function createList(
  actor: Actor,
  input: ListInput,
  now = new Date(),
): Promise<{ id: string; slug: string }> {
  await requireVerifiedEmail(actor, PUBLISHING);
  const topicIds = await resolveTopics(input);
  // Counted once the form is valid: a mistyped form is not a list created.
  await enforceRateLimit(RATE_LIMITS.listCreatePerUser, actor.id, now);
  const id = generateId();
  const slug = await insertWithFreeSlug(input.title, (slug) =>
    getDb().transaction(async (tx) => {
      await repo.insertList(
        {
          id,
          slug,
          ownerId: actor.id,
          title: input.title,
          description: input.description ?? '',
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await repo.replaceTopics(id, topicIds, tx);
      await enqueueIndexJob(tx, 'lists', id, 'upsert', now);
    }),
  );
  return { id, slug };
}

export async function updateList(
  actor: Actor,
  listId: string,
  input: ListInput,
  now = new Date(),
): Promise<{ slug: string }> {
  const list = await ownedList(actor, listId);
  await requireVerifiedEmail(actor, PUBLISHING);
  const topicIds = await resolveTopics(input);
  await getDb().transaction(async (tx) => {
    await repo.touchList(list.id, { title: input.title, description: input.description ?? '' }, now, tx);
    await repo.replaceTopics(list.id, topicIds, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
  });
  return { slug: list.slug };
}

/** Deletes a list; events it was attached to simply lose it. */
export async function deleteList(actor: Actor, listId: string, now = new Date()): Promise<void> {
  const list = await ownedList(actor, listId);
  await getDb().transaction(async (tx) => {
    await repo.deleteList(list.id, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'delete', now);
  });
}

const FULL = `A reading list holds at most ${MAX_LIST_ITEMS} items: short by design. Remove one to add another.`;

/** Adds an item at the end; the 13th is refused by the database itself (see `appendItem`). */
export async function addItem(
  actor: Actor,
  listId: string,
  input: ItemInput,
  now = new Date(),
): Promise<{ slug: string; itemId: string }> {
  const list = await ownedList(actor, listId);
  await requireVerifiedEmail(actor, PUBLISHING);
  const itemId = generateId();
  const added = await getDb().transaction(async (tx) => {
    const ok = await repo.appendItem({ id: itemId, listId: list.id, ...input, createdAt: now }, tx);
    if (!ok) return null;
    await repo.touchList(list.id, {}, now, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
    // A new list reaches followers with its first item (an empty list has nothing to read yet); copies are not news.
    if (list.copiedFromId || (await repo.items(list.id, tx)).length !== 1) return [];
    const item = await listFollowItem(list, tx);
    return notify(tx, item ? await announceToFollowers(tx, item, now) : [], now);
  });
  if (!added) throw invalid({ item: FULL }, FULL);
  await deliverEmails(added, now);
  return { slug: list.slug, itemId };
}

export async function updateItem(
  actor: Actor,
  listId: string,
  itemId: string,
  input: ItemInput,
  now = new Date(),
): Promise<{ slug: string }> {
  const list = await ownedList(actor, listId);
  await requireVerifiedEmail(actor, PUBLISHING);
  await getDb().transaction(async (tx) => {
    if (!(await repo.updateItem(list.id, itemId, input, tx))) throw notFound('That item is no longer on the list.');
    await repo.touchList(list.id, {}, now, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
  });
  return { slug: list.slug };
}

export async function removeItem(
  actor: Actor,
  listId: string,
  itemId: string,
  now = new Date(),
): Promise<{ slug: string }> {
  const list = await ownedList(actor, listId);
  await getDb().transaction(async (tx) => {
    if (!(await repo.removeItem(list.id, itemId, tx))) return;
    await repo.setOrder(
      list.id,
      (await repo.items(list.id, tx)).map((i) => i.id),
      tx,
    );
    await repo.touchList(list.id, {}, now, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
  });
  return { slug: list.slug };
}

/** Puts the items in the given order; the order must name exactly the list's items. */
export async function reorderItems(
  actor: Actor,
  listId: string,
  itemIds: string[],
  now = new Date(),
): Promise<{ slug: string; order: string[] }> {
  const list = await ownedList(actor, listId);
  await getDb().transaction(async (tx) => {
    const current = (await repo.items(list.id, tx)).map((i) => i.id);
    if (!isPermutation(current, itemIds)) {
      throw new AppError('CONFLICT', 'The list changed while you were reordering it. Reload the page and try again.');
    }
    await repo.setOrder(list.id, itemIds, tx);
    await repo.touchList(list.id, {}, now, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
  });
  return { slug: list.slug, order: itemIds };
}

/** Moves one item a step (the buttons that work without JavaScript). */
export async function moveItem(
  actor: Actor,
  listId: string,
  itemId: string,
  direction: 'up' | 'down',
  now = new Date(),
) {
  const list = await ownedList(actor, listId);
  await getDb().transaction(async (tx) => {
    const current = (await repo.items(list.id, tx)).map((i) => i.id);
    await repo.setOrder(list.id, moveId(current, itemId, direction), tx);
    await repo.touchList(list.id, {}, now, tx);
    await enqueueIndexJob(tx, 'lists', list.id, 'upsert', now);
  });
  return { slug: list.slug };
}

/** Bookmarks someone else's list. */
export async function saveList(actor: Actor, listId: string, now = new Date()): Promise<{ slug: string }> {
  const { list } = await loadVisibleList({ id: listId }, actor);
  if (list.ownerId === actor.id) throw new AppError('CONFLICT', 'This is your own list: it is already in your lists.');
  await repo.save(actor.id, list.id, now);
  return { slug: list.slug };
}

export async function unsaveList(actor: Actor, listId: string): Promise<{ slug: string }> {
  // Unsaving is always allowed: a list hidden since it was saved can still leave your saves.
  const list = await repo.findListById(listId);
  if (!list) throw notFound(NOT_FOUND);
  await repo.unsave(actor.id, list.id);
  return { slug: list.slug };
}

/** Copies any list (items, topics, description) into the actor's own, to adapt it. */
export async function copyList(actor: Actor, listId: string, now = new Date()): Promise<{ id: string; slug: string }> {
  const { list: source } = await loadVisibleList({ id: listId }, actor);
  await requireVerifiedEmail(actor, PUBLISHING);
  await enforceRateLimit(RATE_LIMITS.listCreatePerUser, actor.id, now);
  const [items, topics] = await Promise.all([repo.items(source.id), repo.topicsFor([source.id])]);
  const id = generateId();
  const slug = await insertWithFreeSlug(source.title, (slug) =>
    getDb().transaction(async (tx) => {
      await repo.insertList(
        {
          id,
          slug,
          ownerId: actor.id,
          title: source.title,
          description: source.description,
          copiedFromId: source.id,
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await repo.replaceTopics(
        id,
        (topics.get(source.id) ?? []).map((t) => t.id),
        tx,
      );
      await repo.insertItems(
        items.map((item) => ({ ...item, id: generateId(), listId: id, createdAt: now })),
        tx,
      );
      await enqueueIndexJob(tx, 'lists', id, 'upsert', now);
    }),
  );
  return { id, slug };
}
