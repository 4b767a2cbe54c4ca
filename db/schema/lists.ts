import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';
import { skills } from './skills.ts';

export const LIST_ITEM_KINDS = ['article', 'book', 'video', 'course', 'repo'] as const;
export type ListItemKind = (typeof LIST_ITEM_KINDS)[number];

/** Short by design: the cap is enforced by the service with a conditional insert. */
export const MAX_LIST_ITEMS = 12;

/** A reading list: a short, curated path through a topic, owned by one member. */
export const readingLists = sqliteTable(
  'reading_lists',
  {
    id: text('id').primaryKey(),
    /** /lists/<slug>; fixed at creation so shared links keep working after a rename. */
    slug: text('slug').notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Markdown source; rendered and sanitised on output. */
    description: text('description').notNull().default(''),
    /** The list this one was copied from, when a member adapted someone else's. */
    copiedFromId: text('copied_from_id').references((): AnySQLiteColumn => readingLists.id, { onDelete: 'set null' }),
    /** Hidden by a moderator: seen only by its owner and moderators until restored. */
    hiddenAt: instant('hidden_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('reading_lists_slug_unique').on(t.slug),
    index('reading_lists_owner_idx').on(t.ownerId),
    index('reading_lists_updated_idx').on(t.updatedAt),
  ],
);

export const readingListTopics = sqliteTable(
  'reading_list_topics',
  {
    listId: text('list_id')
      .notNull()
      .references(() => readingLists.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    /** Order the owner gave the topics in (the first is the main one). */
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.listId, t.skillId] }), index('reading_list_topics_skill_idx').on(t.skillId)],
);

export const readingListItems = sqliteTable(
  'reading_list_items',
  {
    id: text('id').primaryKey(),
    listId: text('list_id')
      .notNull()
      .references(() => readingLists.id, { onDelete: 'cascade' }),
    /** 0-based order within the list; rewritten as a whole on reorder. */
    position: integer('position').notNull(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: LIST_ITEM_KINDS }).notNull(),
    /** One line: why read this. */
    why: text('why').notNull().default(''),
    minutes: integer('minutes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('reading_list_items_list_idx').on(t.listId, t.position)],
);

/** Lists a member saved (bookmarked) from someone else. */
export const readingListSaves = sqliteTable(
  'reading_list_saves',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    listId: text('list_id')
      .notNull()
      .references(() => readingLists.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.listId] }), index('reading_list_saves_list_idx').on(t.listId)],
);
