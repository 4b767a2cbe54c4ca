import type { ReportSubject } from '#db/schema/moderation.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { SUBJECT_LABELS } from './moderation.ts';

/** What a member is told about moderation, in the site's words. Kinds are `moderation.<event>`. */

const thing = (kind: ReportSubject) => SUBJECT_LABELS[kind].toLowerCase();

export const moderationNotices = {
  reported(moderatorId: string, kind: ReportSubject, title: string, reportId: number): Notice {
    return {
      userId: moderatorId,
      kind: 'moderation.reported',
      title: `New report: ${thing(kind)} “${title}”`,
      body: 'Open the moderation queue to look at it.',
      url: `/moderation/reports/${reportId}`,
    };
  },
  hidden(ownerId: string, kind: ReportSubject, title: string, url: string, reason: string): Notice {
    return {
      userId: ownerId,
      kind: 'moderation.hidden',
      title: `The moderators hid your ${thing(kind)} “${title}”`,
      body: `Only you and the moderators can see it now. Why: ${reason}`,
      url,
    };
  },
  restored(ownerId: string, kind: ReportSubject, title: string, url: string, reason: string): Notice {
    return {
      userId: ownerId,
      kind: 'moderation.restored',
      title: `Your ${thing(kind)} “${title}” is visible again`,
      body: `The moderators restored it. ${reason}`,
      url,
    };
  },
  warned(memberId: string, reason: string): Notice {
    return {
      userId: memberId,
      kind: 'moderation.warned',
      title: 'A warning from the moderators',
      body: `${reason} Please read the code of conduct: repeated problems lead to a suspension.`,
      url: '/guides/code-of-conduct',
    };
  },
  suspended(memberId: string, until: string | null, reason: string): Notice {
    return {
      userId: memberId,
      kind: 'moderation.suspended',
      title: until ? `Your account is suspended until ${until}` : 'Your account is suspended',
      body: `Why: ${reason} You can still sign in to read this, download your data and appeal.`,
      url: '/suspended',
    };
  },
  lifted(memberId: string, reason: string): Notice {
    return {
      userId: memberId,
      kind: 'moderation.lifted',
      title: 'Your suspension is lifted',
      body: `Welcome back. ${reason}`,
      url: '/settings/profile',
    };
  },
  appealRejected(memberId: string, reason: string): Notice {
    return {
      userId: memberId,
      kind: 'moderation.appeal',
      title: 'The moderators answered your appeal',
      body: `The suspension stays. ${reason}`,
      url: '/suspended',
    };
  },
  appealed(moderatorId: string, name: string, appealId: number): Notice {
    return {
      userId: moderatorId,
      kind: 'moderation.appealed',
      title: `${name} appealed their suspension`,
      body: 'Read the appeal in the moderation queue.',
      url: `/moderation/appeals/${appealId}`,
    };
  },
  reportClosed(reporterId: string, kind: ReportSubject, title: string, actioned: boolean, reason: string): Notice {
    return {
      userId: reporterId,
      kind: 'moderation.report_closed',
      title: actioned
        ? `Thank you: the moderators acted on your report about a ${thing(kind)}`
        : `The moderators reviewed your report about a ${thing(kind)}`,
      body: actioned ? `“${title}”: ${reason}` : `“${title}”: no action was needed. ${reason}`,
      url: '/settings/reports',
    };
  },
  roleChanged(memberId: string, role: 'member' | 'moderator', reason: string): Notice {
    return {
      userId: memberId,
      kind: 'moderation.role',
      title: role === 'moderator' ? 'You are now a moderator' : 'You are no longer a moderator',
      body: role === 'moderator' ? `The moderation queue is at /moderation. ${reason}` : reason,
      url: role === 'moderator' ? '/moderation' : '/',
    };
  },
};
