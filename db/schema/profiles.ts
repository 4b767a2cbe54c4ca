import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag, instant } from './columns.ts';
import { skills } from './skills.ts';

export const SENIORITIES = ['student', 'junior', 'mid', 'senior', 'staff', 'manager'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const VISIBILITIES = ['public', 'members'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface ProfileLink {
  label: string;
  url: string;
}

/** A member's skill profile; one row per user, created with the account. */
export const profiles = sqliteTable(
  'profiles',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    headline: text('headline').notNull().default(''),
    /** Markdown source; rendered and sanitised on output. */
    bio: text('bio').notNull().default(''),
    seniority: text('seniority', { enum: SENIORITIES }).notNull().default('mid'),
    location: text('location'),
    /** IANA zone name, e.g. Europe/Berlin. */
    timezone: text('timezone').notNull().default('UTC'),
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default([]),
    links: text('links', { mode: 'json' }).$type<ProfileLink[]>().notNull().default([]),
    careerGoals: text('career_goals').notNull().default(''),
    openToAdhoc: flag('open_to_adhoc').notNull().default(true),
    openToOngoing: flag('open_to_ongoing').notNull().default(false),
    openToReverse: flag('open_to_reverse').notNull().default(false),
    /** How many open requests the member takes at once; 0 means not taking requests. */
    capacityOpenRequests: integer('capacity_open_requests').notNull().default(3),
    capacityHoursMonth: integer('capacity_hours_month').notNull().default(4),
    /** ISO date (YYYY-MM-DD) until which the member is away, or null. */
    unavailableUntil: text('unavailable_until'),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('public'),
    /**
     * The uploaded picture's content hash (its images are in `avatar_images`); null shows
     * the picture generated from the name. Part of every avatar URL, so a new picture
     * gets a new address and long-cached copies of the old one are never shown.
     */
    avatarKey: text('avatar_key'),
    /**
     * When the member first saved their profile form: until then seniority and time zone
     * are placeholders the member has not chosen, and the form asks instead of presetting them.
     */
    setUpAt: instant('set_up_at'),
    /** Hidden by a moderator: seen only by its owner and moderators until restored. */
    hiddenAt: instant('hidden_at'),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    index('profiles_visibility_idx').on(t.visibility),
    // The languages members list are read from the distinct lists in here (a few thousand
    // at most), not by parsing every profile's list: 88 → 4 ms at 100,000 members.
    index('profiles_languages_idx').on(t.languages),
  ],
);

export const SKILL_LEVELS = [1, 2, 3, 4, 5] as const;

/** A skill on a member's profile: level 1–5, can teach, wants to learn. */
export const memberSkills = sqliteTable(
  'member_skills',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    canTeach: flag('can_teach').notNull().default(false),
    wantsToLearn: flag('wants_to_learn').notNull().default(false),
    years: integer('years'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.skillId] }),
    index('member_skills_skill_idx').on(t.skillId),
    // Covers what search results and the index rebuild read of a member's skills (see
    // packedSkills in people.repo.ts), so those reads never visit the table rows: half the
    // time of that query for a page of results.
    index('member_skills_levels_idx').on(t.userId, t.skillId, t.level, t.canTeach, t.wantsToLearn),
    check('member_skills_level_range', sql`${t.level} BETWEEN 1 AND 5`),
  ],
);

/** Skills tagged on a member's career goals. */
export const goalSkills = sqliteTable(
  'goal_skills',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.skillId] }), index('goal_skills_skill_idx').on(t.skillId)],
);

export const AVATAR_SIZES = [64, 128, 256] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

/**
 * An uploaded picture, re-encoded on the server to a few square sizes (WebP, no
 * metadata). One row per size; `key` is the content hash also kept in
 * `profiles.avatar_key`. Goes with the account (ON DELETE CASCADE).
 */
export const avatarImages = sqliteTable(
  'avatar_images',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    size: integer('size').notNull(),
    key: text('key').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.size] })],
);
