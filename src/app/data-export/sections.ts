import { accountExport, sessionsExport } from '#features/accounts/account-export.service.ts';
import { listBlockedMembers } from '#features/blocks/blocks.service.ts';
import { calendarFeedExport } from '#features/calendar/calendar-feeds.service.ts';
import { eventsExport } from '#features/events/event-export.service.ts';
import { listsExport } from '#features/lists/list-export.service.ts';
import { moderationExport } from '#features/moderation/moderation-export.service.ts';
import { noticesFor } from '#features/notifications/notifications.service.ts';
import { profileExport } from '#features/profiles/profile-export.service.ts';
import { retrospectivesBy } from '#features/requests/outcomes/retrospective.service.ts';
import { requestsExport } from '#features/requests/request-export.service.ts';

/** One part of a member's data export, supplied by the feature that keeps that data. */
export interface DataExportSection {
  /** The key in the JSON file. */
  key: string;
  /** The heading in the readable copy. */
  title: string;
  /**
   * Everything this feature keeps about the member, as plain data (dates, strings,
   * numbers, arrays, objects): theirs in full, and nothing about other members beyond
   * what the member could already see on the site.
   */
  collect(userId: string): Promise<unknown>;
}

/**
 * "Download my data" (/settings/account): every feature that keeps something about a
 * member lists its section here, in the order the export shows them. A feature added
 * later (follows, avatars, check-ins, feedback…) exports a collect function from its
 * service and adds a line.
 */
export const DATA_EXPORT_SECTIONS: readonly DataExportSection[] = [
  { key: 'account', title: 'Account', collect: accountExport },
  { key: 'sessions', title: 'Where you are signed in', collect: sessionsExport },
  { key: 'profile', title: 'Profile, skills and goals', collect: profileExport },
  { key: 'requests', title: 'Requests you sent and received', collect: requestsExport },
  {
    key: 'retrospectives',
    title: 'Your retrospectives on mentorships',
    collect: async (userId) =>
      (await retrospectivesBy(userId)).map((r) => ({
        request: `/requests/${r.requestId}`,
        topic: r.skillName,
        goalsMet: r.goalsMet,
        learned: r.learned,
        wouldRepeat: r.wouldRepeat,
        at: r.createdAt,
      })),
  },
  { key: 'events', title: 'Events and RSVPs', collect: eventsExport },
  { key: 'readingLists', title: 'Reading lists and saves', collect: listsExport },
  {
    key: 'blockedMembers',
    title: 'Members you blocked',
    collect: async (userId) =>
      (await listBlockedMembers(userId)).map((b) => ({ handle: b.handle, name: b.displayName, since: b.blockedAt })),
  },
  { key: 'calendarFeed', title: 'Calendar feed', collect: calendarFeedExport },
  {
    key: 'notifications',
    title: 'Notifications',
    collect: async (userId) =>
      (await noticesFor(userId)).map((n) => ({
        kind: n.kind,
        title: n.title,
        body: n.body,
        url: n.url,
        at: n.createdAt,
        readAt: n.readAt,
      })),
  },
  { key: 'moderation', title: 'Reports, appeals and moderation', collect: moderationExport },
];
