import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';
import { mentoringRequests } from './requests.ts';

/** What a member can report: someone's profile, an event, a reading list, a request, or one message in a request. */
export const REPORT_SUBJECTS = ['profile', 'event', 'list', 'request', 'message'] as const;
export type ReportSubject = (typeof REPORT_SUBJECTS)[number];

/** The short list of reasons a report gives (free text adds the details). */
export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hate',
  'sexual',
  'privacy',
  'impersonation',
  'misleading',
  'other',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** Open until a moderator acts: dismissed (nothing wrong found) or actioned (content hidden, member warned…). */
export const REPORT_STATUSES = ['open', 'dismissed', 'actioned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The thing as it was when reported, kept so that a later edit does not erase the evidence. */
export interface ReportSnapshot {
  title: string;
  /** Where it lives on the site. */
  url: string;
  /** Labelled fields, as plain text (Markdown sources unrendered). */
  fields: { label: string; value: string }[];
}

/**
 * A member asking the moderators to look at something. One report per person per
 * thing (the unique index), a snapshot taken when it was filed, and the member the
 * report is about (whose history the queue shows). Reports about a member go with
 * them when they delete their account; a reporter who leaves becomes anonymous.
 */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectKind: text('subject_kind', { enum: REPORT_SUBJECTS }).notNull(),
    /** The profile's user id, the event's, list's or request's id, or the message id. */
    subjectId: text('subject_id').notNull(),
    /** Who the reported thing belongs to (the member a moderator's action would concern). */
    subjectOwnerId: text('subject_owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** For a request or one of its messages: the request whose thread moderators may read while this is open. */
    requestId: text('request_id').references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    reporterId: text('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    details: text('details').notNull().default(''),
    snapshot: text('snapshot', { mode: 'json' }).$type<ReportSnapshot>().notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    resolvedAt: instant('resolved_at'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    /** What the moderator said when they closed it (the reporter reads it with the status). */
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('reports_one_per_reporter').on(t.reporterId, t.subjectKind, t.subjectId),
    index('reports_status_idx').on(t.status, t.createdAt),
    index('reports_subject_idx').on(t.subjectKind, t.subjectId, t.status),
    index('reports_owner_idx').on(t.subjectOwnerId, t.createdAt),
    index('reports_request_idx').on(t.requestId, t.status),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt),
  ],
);

/** Everything moderators and admins do, as the audit log names it. */
export const AUDIT_ACTIONS = [
  'report.dismiss',
  'content.hide',
  'content.restore',
  'member.warn',
  'member.suspend',
  'member.lift',
  'appeal.reject',
  'thread.read',
  'role.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The audit log: who did what, to what, when and why. Append-only: the repo has no
 * update or delete, and the triggers below refuse both at the database. It holds
 * opaque ids, never names, so a member who deletes their account is no longer
 * identified by it (the log then reads "a former member").
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    /** The moderator or admin; null for the site itself (a suspension that ran out, the admin CLI). */
    actorId: text('actor_id'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    /** The member the action concerns. */
    memberId: text('member_id'),
    /** Why, in the actor's words (what the member was told). */
    reason: text('reason').notNull().default(''),
    /** Extra facts: the role before and after, a suspension's end, the report ids. */
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_member_idx').on(t.memberId, t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);

/** Raised by the database on any attempt to change or remove an audit entry. */
export const AUDIT_LOG_IS_APPEND_ONLY = 'audit_log is append-only';

/**
 * Triggers that make the audit log append-only at the database, applied by
 * db/migrate.ts after the migrations (drizzle-kit does not generate triggers).
 */
export const APPEND_ONLY_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, '${AUDIT_LOG_IS_APPEND_ONLY}'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
   BEGIN SELECT RAISE(ABORT, '${AUDIT_LOG_IS_APPEND_ONLY}'); END`,
];

export const APPEAL_STATUSES = ['open', 'rejected', 'granted'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** A suspended member asking the moderators to think again: at most one open appeal at a time. */
export const appeals = sqliteTable(
  'appeals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    status: text('status', { enum: APPEAL_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    answeredAt: instant('answered_at'),
    answeredBy: text('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answer: text('answer'),
  },
  (t) => [
    uniqueIndex('appeals_one_open').on(t.userId).where(sql`${t.status} = 'open'`),
    index('appeals_status_idx').on(t.status, t.createdAt),
  ],
);
