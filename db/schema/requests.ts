import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, flag, instant } from './columns.ts';
import { skills } from './skills.ts';

/** How much help: one question or session, or regular sessions. Reverse mentoring is a flag on top of either. */
export const REQUEST_KINDS = ['adhoc', 'ongoing'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_FORMATS = ['chat', 'video', 'in_person'] as const;
export type RequestFormat = (typeof REQUEST_FORMATS)[number];

export const REQUEST_STATES = [
  'open',
  'accepted',
  'completed',
  'declined',
  'withdrawn',
  'cancelled',
  'expired',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * A request for help: to one member (`recipientId` set at creation) or an open call on a
 * topic (`openCall`, recipient null until a member who teaches the topic picks it up).
 * The requester is always the learner and the recipient the one who helps, also in
 * reverse mentoring. State changes are conditional updates on `state`. A participant who
 * deletes their account leaves a null behind ("a former member"), so the other keeps the thread.
 */
export const mentoringRequests = sqliteTable(
  'mentoring_requests',
  {
    id: text('id').primaryKey(),
    requesterId: text('requester_id').references(() => users.id, { onDelete: 'set null' }),
    recipientId: text('recipient_id').references(() => users.id, { onDelete: 'set null' }),
    openCall: flag('open_call').notNull().default(false),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    /** Reverse mentoring: someone less senior teaches the requester (chosen, or labelled by the site). */
    reverse: flag('reverse').notNull().default(false),
    /** True when the site labelled it reverse because the requester is more senior. */
    reverseAuto: flag('reverse_auto').notNull().default(false),
    want: text('want').notNull(),
    tried: text('tried').notNull().default(''),
    outcome: text('outcome').notNull().default(''),
    format: text('format', { enum: REQUEST_FORMATS }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** The IANA zone the requester entered the proposed slots in. */
    timezone: text('timezone').notNull(),
    state: text('state', { enum: REQUEST_STATES }).notNull().default('open'),
    /** The agreed session: a proposed slot chosen, or another time the helper proposed. */
    sessionStartsAt: instant('session_starts_at'),
    /** The zone the session time was entered in (the requester's for a slot, the helper's for a counter-proposal). */
    sessionZone: text('session_zone'),
    /** Declined, cancelled: the reason given, shown to the other side. */
    closeReason: text('close_reason'),
    closedBy: text('closed_by').references(() => users.id, { onDelete: 'set null' }),
    /** First reaction of the helper (accept, decline, question or message): responsiveness. */
    firstAnsweredAt: instant('first_answered_at'),
    acceptedAt: instant('accepted_at'),
    closedAt: instant('closed_at'),
    /** An open request expires at this instant unless answered; activity in the thread moves it. */
    expiresAt: instant('expires_at').notNull(),
    /** iCalendar SEQUENCE: bumped whenever the session changes. */
    sequence: integer('sequence').notNull().default(0),
    reminderSentAt: instant('reminder_sent_at'),
    expiryWarnedAt: instant('expiry_warned_at'),
    /** Hidden by a moderator: only the requester (and moderators acting on a report) see it. */
    hiddenAt: instant('hidden_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    index('mentoring_requests_requester_idx').on(t.requesterId, t.state),
    index('mentoring_requests_recipient_idx').on(t.recipientId, t.state),
    index('mentoring_requests_state_expiry_idx').on(t.state, t.expiresAt),
    index('mentoring_requests_skill_idx').on(t.skillId, t.state),
    index('mentoring_requests_created_idx').on(t.createdAt),
    // /insights: requests that ended without an answer (demand), and answer times (a median).
    index('mentoring_requests_unanswered_idx')
      .on(t.skillId, t.createdAt, t.requesterId)
      .where(sql`${t.firstAnsweredAt} is null and ${t.state} in ('expired', 'withdrawn')`),
    index('mentoring_requests_answered_idx')
      .on(t.createdAt, t.firstAnsweredAt, t.skillId)
      .where(sql`${t.firstAnsweredAt} is not null`),
    check('mentoring_requests_duration_range', sql`${t.durationMinutes} BETWEEN 5 AND 480`),
  ],
);

/** Up to three proposed times, entered in the requester's zone and stored as UTC instants. */
export const requestSlots = sqliteTable(
  'request_slots',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    startsAt: instant('starts_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.position] })],
);

export const MESSAGE_KINDS = ['message', 'question', 'event'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The private thread of a request: messages, "more details" questions, and state changes. */
export const requestMessages = sqliteTable(
  'request_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull().default('message'),
    /** Markdown for messages and questions; plain text for events. */
    body: text('body').notNull(),
    /** Hidden by a moderator: the other participant sees that a message was hidden, not what it said. */
    hiddenAt: instant('hidden_at'),
    createdAt: createdAt(),
  },
  (t) => [index('request_messages_request_idx').on(t.requestId, t.id)],
);

/** After completion, each side rates the other (1–5) with a note only the other sees. */
export const requestFeedback = sqliteTable(
  'request_feedback',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.authorId] }),
    index('request_feedback_created_idx').on(t.createdAt),
    check('request_feedback_rating_range', sql`${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** The requester vouching for the helper on the request's skill: at most one per request. */
export const endorsements = sqliteTable(
  'endorsements',
  {
    requestId: text('request_id')
      .primaryKey()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    endorserId: text('endorser_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endorseeId: text('endorsee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('endorsements_endorsee_idx').on(t.endorseeId, t.skillId)],
);

export const PLAN_ITEM_KINDS = ['goal', 'milestone', 'checkin'] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

/**
 * The plan of an ongoing (or reverse) mentorship: goals with a target date, milestones
 * under a goal, and check-ins on a date. Either side adds and ticks them.
 */
export const mentorshipItems = sqliteTable(
  'mentorship_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: PLAN_ITEM_KINDS }).notNull(),
    /** For milestones: the goal they lead to. */
    goalId: integer('goal_id').references((): AnySQLiteColumn => mentorshipItems.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** ISO date (YYYY-MM-DD): a goal's target date or a check-in's date. */
    dueOn: text('due_on'),
    doneAt: instant('done_at'),
    doneBy: text('done_by').references(() => users.id, { onDelete: 'set null' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('mentorship_items_request_idx').on(t.requestId, t.kind)],
);

export const GOALS_MET = ['yes', 'partly', 'no'] as const;
export type GoalsMet = (typeof GOALS_MET)[number];

/**
 * At the end of an ongoing or reverse mentorship, each side's short retrospective: did
 * it meet its goals, what they learned, would they do it again. Private to its author;
 * the community sees it only in aggregate on /insights.
 */
export const mentoringRetrospectives = sqliteTable(
  'mentoring_retrospectives',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => mentoringRequests.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    goalsMet: text('goals_met', { enum: GOALS_MET }).notNull(),
    learned: text('learned').notNull().default(''),
    wouldRepeat: flag('would_repeat').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.authorId] }),
    index('mentoring_retrospectives_author_idx').on(t.authorId),
    index('mentoring_retrospectives_created_idx').on(t.createdAt),
  ],
);
