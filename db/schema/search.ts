import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, instant } from './columns.ts';

export const SEARCH_INDEXES = ['people', 'events', 'lists'] as const;
export type SearchIndexName = (typeof SEARCH_INDEXES)[number];

export const SEARCH_OPS = ['upsert', 'delete'] as const;
export type SearchOp = (typeof SEARCH_OPS)[number];

/**
 * The search outbox. A change that affects search writes (or refreshes) one row here in
 * the same transaction as the change. The worker claims due rows, re-reads the entity,
 * applies it to the engine, and deletes the row if `version` is unchanged; a newer
 * change to the same entity bumps `version` so it is never lost while one is in flight.
 */
export const searchJobs = sqliteTable(
  'search_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    index: text('index_name', { enum: SEARCH_INDEXES }).notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: SEARCH_OPS }).notNull(),
    /** `<index>:<entityId>`: at most one pending job per entity. */
    dedupKey: text('dedup_key').notNull(),
    version: integer('version').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    /** Lease: a worker that claimed the row owns it until then (several processes may run workers). */
    lockedUntil: instant('locked_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('search_jobs_dedup_unique').on(t.dedupKey), index('search_jobs_due_idx').on(t.nextAttemptAt)],
);

/** Jobs that kept failing; reported by /healthz, retried by `npm run search:reindex`. */
export const searchDeadLetters = sqliteTable('search_dead_letters', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  index: text('index_name', { enum: SEARCH_INDEXES }).notNull(),
  entityId: text('entity_id').notNull(),
  op: text('op', { enum: SEARCH_OPS }).notNull(),
  attempts: integer('attempts').notNull(),
  lastError: text('last_error'),
  failedAt: instant('failed_at').notNull(),
});

/**
 * Every change that affects search, in commit order, written beside its outbox job and
 * kept for a while after the job is done. The outbox says what still has to be applied;
 * this log says what changed since a given point, which is what a process needs that
 * loads a saved copy of the embedded index at start-up (and catches up from the
 * position stored with it). Old rows are pruned; the newest one always stays.
 */
export const searchChanges = sqliteTable(
  'search_changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    index: text('index_name', { enum: SEARCH_INDEXES }).notNull(),
    entityId: text('entity_id').notNull(),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [
    index('search_changes_changed_idx').on(t.changedAt),
    index('search_changes_index_seq_idx').on(t.index, t.seq),
  ],
);
