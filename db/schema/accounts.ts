import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, instant } from './columns.ts';

export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased and trimmed; unique. */
    email: text('email').notNull(),
    emailVerifiedAt: instant('email_verified_at'),
    passwordHash: text('password_hash').notNull(),
    /** URL-safe, lower-case, unique: /people/<handle>. */
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    /** Set while a moderator's suspension holds: the member may only read the notice, export and appeal. */
    suspendedAt: instant('suspended_at'),
    /** When a suspension ends by itself; null with `suspendedAt` set means until a moderator lifts it. */
    suspendedUntil: instant('suspended_until'),
    /**
     * Set when the member asked to delete their account: they are withdrawn at once and
     * removed for good at this instant unless they sign in before it.
     */
    deletionDueAt: instant('deletion_due_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_handle_unique').on(t.handle),
    index('users_created_at_idx').on(t.createdAt),
    index('users_deletion_due_idx').on(t.deletionDueAt),
    index('users_suspended_until_idx').on(t.suspendedUntil),
  ],
);

/**
 * Sessions per the Lucia guide: the client holds `<id>.<secret>`, the database only
 * the SHA-256 of the secret. `lastVerifiedAt` drives the idle timeout, `expiresAt`
 * is the absolute limit.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
    lastVerifiedAt: instant('last_verified_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    /** The address last seen using the session (refreshed with `lastVerifiedAt`), for the member's sessions list. */
    ip: text('ip'),
    /** The browser's User-Agent at sign-in, cut to 300 characters, to name the device. */
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * One row (id 1) whose `version` triggers raise whenever anything session validation
 * reads changes: a session ended or altered, a member's name, role, email, verification
 * or suspension, their profile's zone, visibility or face. A process may reuse a session
 * it validated for as long as the version stays the same (src/server/auth/sessions.ts).
 * The triggers live in the migrations (0014_auth_version_triggers).
 */
export const authVersion = sqliteTable('auth_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
});

/**
 * Browsers a member has signed in with before, remembered by a long-lived cookie
 * (`<id>.<secret>`, only the secret's SHA-256 stored). A known device keeps its own
 * sign-in failure counter, so a stranger's wrong passwords never lock it out; the
 * last address it used makes that address "known" for the account-wide limit too.
 */
export const knownDevices = sqliteTable(
  'known_devices',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    lastIp: text('last_ip'),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [index('known_devices_user_idx').on(t.userId, t.lastIp)],
);

/**
 * Members that belong to the demo community (seeded, with a published password).
 * Marked here rather than guessed from their email, so `npm run admin -- remove-demo`
 * finds exactly them and the demo banner knows whether any remain.
 */
export const demoMembers = sqliteTable('demo_members', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
});

export const TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** One-time tokens sent by mail (email verification, password reset); same id.secret shape as sessions. */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: TOKEN_PURPOSES }).notNull(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId, t.purpose)],
);

/**
 * Fixed-window counters for rate limits. Kept in the database so that limits hold
 * across several server processes; updated with one atomic upsert per hit.
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: instant('reset_at').notNull(),
});
