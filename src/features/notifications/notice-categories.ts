import type { EmailMode } from '#db/schema/email.ts';

/**
 * Every notice kind (`request.received`, `event.promoted`, `follow.event`…) belongs to
 * one category, and members choose per category whether its notices also come by
 * email. This file is the one place that maps kinds to categories.
 */

export const NOTICE_CATEGORIES = ['requests', 'events', 'announcements', 'reminders', 'follows', 'account'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/** Categories a member may change (account and safety notices always come by email). */
export const CHOOSABLE_CATEGORIES = ['requests', 'events', 'announcements', 'reminders', 'follows'] as const;
export type ChoosableCategory = (typeof CHOOSABLE_CATEGORIES)[number];

interface CategoryInfo {
  label: string;
  hint: string;
  /** The email modes a member may pick for it; the first of these after `off` is "email at once". */
  modes: readonly EmailMode[];
  defaultMode: EmailMode;
}

export const CATEGORY_INFO: Record<NoticeCategory, CategoryInfo> = {
  requests: {
    label: 'Requests and mentoring sessions',
    hint: 'Requests sent to you, answers to yours, messages in their threads, sessions proposed, moved or cancelled.',
    modes: ['off', 'instant'],
    defaultMode: 'instant',
  },
  events: {
    label: 'Events you go to or run',
    hint: 'A seat from the waitlist, changed times or places, cancellations, being put on a programme.',
    modes: ['off', 'instant'],
    defaultMode: 'instant',
  },
  announcements: {
    label: 'Announcements from organisers',
    hint: 'Messages organisers send to everyone going to their event.',
    modes: ['off', 'instant'],
    defaultMode: 'instant',
  },
  reminders: {
    label: 'Reminders',
    hint: 'The day before a session, when a plan check-in is due, and before an unanswered request expires.',
    modes: ['off', 'instant'],
    defaultMode: 'instant',
  },
  follows: {
    label: 'Topics and people you follow',
    hint: 'New events, reading lists and open calls on topics you follow, and new events and lists by people you follow.',
    modes: ['off', 'instant', 'daily', 'weekly'],
    defaultMode: 'daily',
  },
  account: {
    label: 'Your account and safety',
    hint: 'Moderation decisions and account notices. These always come by email.',
    modes: ['instant'],
    defaultMode: 'instant',
  },
};

export const MODE_LABELS: Record<EmailMode, string> = {
  off: 'Inbox only',
  instant: 'Inbox and email',
  daily: 'Inbox, and a daily email digest',
  weekly: 'Inbox, and a weekly email digest',
};

/** Kinds whose category differs from what their prefix says. */
const BY_KIND: Record<string, NoticeCategory> = {
  'request.reminder': 'reminders',
  'session.reminder': 'reminders',
  'plan.checkin_due': 'reminders',
  'event.announcement': 'announcements',
};

const BY_PREFIX: Record<string, NoticeCategory> = {
  request: 'requests',
  session: 'requests',
  plan: 'requests',
  event: 'events',
  follow: 'follows',
};

/**
 * The category of a notice kind. Kinds nobody placed (a moderation decision, an
 * account notice) count as account notices, which are always emailed: a new kind of
 * notice is never silently dropped.
 */
export function categoryOf(kind: string): NoticeCategory {
  return BY_KIND[kind] ?? BY_PREFIX[kind.split('.')[0] ?? ''] ?? 'account';
}

/** The mode that applies: the member's choice when the category allows it, else the default. */
export function effectiveMode(category: NoticeCategory, chosen: EmailMode | undefined): EmailMode {
  const info = CATEGORY_INFO[category];
  return chosen && info.modes.includes(chosen) ? chosen : info.defaultMode;
}

/** Whether a category can be unsubscribed from (everything a member may turn off). */
export function isChoosable(category: string): category is ChoosableCategory {
  return (CHOOSABLE_CATEGORIES as readonly string[]).includes(category);
}
