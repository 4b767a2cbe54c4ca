import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';
import { createdAt, instant } from './columns.ts';
import { readingLists } from './lists.ts';
import { skills } from './skills.ts';

export const EVENT_KINDS = ['workshop', 'meetup', 'talk', 'office_hours'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where it happens: a venue, an online link, or both. */
export const EVENT_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * A workshop, meetup, talk or office hours. Times are UTC instants plus the IANA zone
 * the organiser entered them in. `goingCount` is the number of seats taken: it only
 * moves through conditional updates (`… WHERE going_count < capacity`), which is what
 * keeps an event from ever being overbooked, however many RSVPs arrive at once.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    /** /events/<slug>; fixed at creation. */
    slug: text('slug').notNull(),
    organizerId: text('organizer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    title: text('title').notNull(),
    /** Markdown source; rendered and sanitised on output. */
    description: text('description').notNull().default(''),
    format: text('format', { enum: EVENT_FORMATS }).notNull(),
    /** Venue name and address (in person and hybrid). */
    venue: text('venue'),
    /** Shown only to the organiser, hosts, speakers and members who are going. */
    onlineUrl: text('online_url'),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    /** IANA zone the times were entered in. */
    timezone: text('timezone').notNull(),
    capacity: integer('capacity').notNull(),
    goingCount: integer('going_count').notNull().default(0),
    /** Per-event arrival counter: every RSVP takes the next number, which orders the waitlist. */
    rsvpSeq: integer('rsvp_seq').notNull().default(0),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    /** iCalendar SEQUENCE: bumped on every change so calendars replace their copy. */
    sequence: integer('sequence').notNull().default(0),
    slidesUrl: text('slides_url'),
    recordingUrl: text('recording_url'),
    readingListId: text('reading_list_id').references(() => readingLists.id, { onDelete: 'set null' }),
    cancelReason: text('cancel_reason'),
    /** The short code shown at the event for attendees' self check-in; made when first needed. */
    checkInCode: text('check_in_code'),
    /** When attendees were asked for feedback (once, after the event ended). */
    feedbackRequestedAt: instant('feedback_requested_at'),
    publishedAt: instant('published_at'),
    cancelledAt: instant('cancelled_at'),
    /** Hidden by a moderator: seen only by its organiser and moderators until restored. */
    hiddenAt: instant('hidden_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('events_slug_unique').on(t.slug),
    index('events_status_start_idx').on(t.status, t.startsAt),
    index('events_organizer_idx').on(t.organizerId),
    index('events_reading_list_idx').on(t.readingListId),
    index('events_feedback_due_idx').on(t.feedbackRequestedAt, t.endsAt),
    check('events_capacity_positive', sql`${t.capacity} >= 1`),
    check('events_going_count_nonnegative', sql`${t.goingCount} >= 0`),
    check('events_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const eventTopics = sqliteTable(
  'event_topics',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    skillId: integer('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.skillId] }), index('event_topics_skill_idx').on(t.skillId)],
);

export const EVENT_ROLES = ['host', 'speaker'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

/**
 * Where a co-host's or speaker's consent stands: named by the organiser (`invited`),
 * `accepted` by them, or `declined` (which includes stepping down later). Only
 * accepted people are shown anywhere or act as hosts and speakers.
 */
export const EVENT_PERSON_STATUSES = ['invited', 'accepted', 'declined'] as const;
export type EventPersonStatus = (typeof EVENT_PERSON_STATUSES)[number];

/**
 * Co-hosts and speakers, linked to their profiles: an invitation until the person
 * accepts it. The default is `invited`, so a row written without a status never puts
 * anyone's name on an event without their consent.
 */
export const eventPeople = sqliteTable(
  'event_people',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: EVENT_ROLES }).notNull(),
    position: integer('position').notNull().default(0),
    status: text('status', { enum: EVENT_PERSON_STATUSES }).notNull().default('invited'),
    /** When the person accepted, declined or stepped down. */
    respondedAt: instant('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId, t.role] }), index('event_people_user_idx').on(t.userId)],
);

export const CHECK_IN_METHODS = ['door', 'code'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

export const RSVP_STATUSES = ['going', 'waitlisted', 'cancelled'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/**
 * One row per member and event; `seq` (from events.rsvp_seq) orders the waitlist.
 * `attendedAt` is set at the door (by the organiser or a co-host, or by the member with
 * the event's check-in code) with a conditional update, so two taps count once.
 */
export const rsvps = sqliteTable(
  'rsvps',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RSVP_STATUSES }).notNull(),
    seq: integer('seq').notNull(),
    attendedAt: instant('attended_at'),
    /** How they were checked in: at the door by an organiser or co-host, or by themselves with the code. */
    checkInMethod: text('check_in_method', { enum: CHECK_IN_METHODS }),
    createdAt: createdAt(),
    updatedAt: instant('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    index('rsvps_event_status_idx').on(t.eventId, t.status, t.seq),
    index('rsvps_user_idx').on(t.userId, t.status),
  ],
);
