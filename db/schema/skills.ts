import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag } from './columns.ts';

export const SKILL_CATEGORIES = [
  'languages',
  'frontend',
  'backend',
  'mobile',
  'databases',
  'cloud',
  'infrastructure',
  'data',
  'ai',
  'testing',
  'security',
  'practices',
  'tools',
  'design',
  'other',
] as const;
export type SkillCategory = (typeof SKILL_CATEGORIES)[number];

/** The canonical skill catalogue: seeded technologies plus skills members added. */
export const skills = sqliteTable(
  'skills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** `normalizeSkillName(name)`: the key that stops "Node JS" and "node.js" becoming two skills. */
    normalizedName: text('normalized_name').notNull(),
    category: text('category', { enum: SKILL_CATEGORIES }).notNull().default('other'),
    description: text('description'),
    /** New and rising tools, the usual subject of reverse mentoring. */
    emerging: flag('emerging').notNull().default(false),
    /** True for catalogue entries, false for skills a member added. */
    curated: flag('curated').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /**
     * Members who list the skill (rows of member_skills, any member), kept by triggers on
     * member_skills (migration 0012): the catalogue reads it instead of counting a
     * million rows every minute in every process.
     */
    memberCount: integer('member_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('skills_slug_unique').on(t.slug),
    uniqueIndex('skills_normalized_name_unique').on(t.normalizedName),
  ],
);

/** Alternative names that resolve to a skill ("k8s" → Kubernetes), stored normalised. */
export const skillAliases = sqliteTable(
  'skill_aliases',
  {
    alias: text('alias').primaryKey(),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
  },
  (t) => [index('skill_aliases_skill_idx').on(t.skillId)],
);
