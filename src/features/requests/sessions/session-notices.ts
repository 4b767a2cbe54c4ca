import type { Notice } from '#features/notifications/notifications.service.ts';
import type { NoticePerson, NoticeRequest } from '#features/requests/request-notices.ts';
import { formatDateTime } from '#server/time/format.ts';

/* The inbox notices of sessions, written for the person they are for (times in their zone). Kinds are `session.<event>`. */

const url = (r: NoticeRequest) => `/requests/${r.id}#sessions`;
const when = (at: Date, person: NoticePerson) => `${formatDateTime(at, person.timezone)} (${person.timezone})`;

export const sessionNotices = {
  proposed(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.proposed',
      title: `${by.displayName} proposes a session on ${r.skillName}`,
      body: `${when(at, to)}. Accept it or decline it on the request page.`,
      url: url(r),
      actorId: by.id,
    };
  },
  accepted(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.accepted',
      title: `${by.displayName} accepted the session on ${r.skillName}`,
      body: `${when(at, to)}. It is in your calendar feed.`,
      url: url(r),
      actorId: by.id,
    };
  },
  declined(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.declined',
      title: `${by.displayName} can't make the session you proposed on ${r.skillName}`,
      body: `${when(at, to)} does not work. Propose another time.`,
      url: url(r),
      actorId: by.id,
    };
  },
  withdrawn(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.withdrawn',
      title: `${by.displayName} took back the session proposed on ${r.skillName}`,
      body: `${when(at, to)} is off the table.`,
      url: url(r),
      actorId: by.id,
    };
  },
  moveProposed(r: NoticeRequest, by: NoticePerson, to: NoticePerson, from: Date, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.move_proposed',
      title: `${by.displayName} asks to move your session on ${r.skillName}`,
      body: `From ${when(from, to)} to ${when(at, to)}. The old time holds until you accept.`,
      url: url(r),
      actorId: by.id,
    };
  },
  moved(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.moved',
      title: `${by.displayName} accepted the new time for your session on ${r.skillName}`,
      body: `Now ${when(at, to)}. Your calendar feed shows the new time.`,
      url: url(r),
      actorId: by.id,
    };
  },
  moveDeclined(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.move_declined',
      title: `${by.displayName} kept the session on ${r.skillName} at its time`,
      body: `It stays ${when(at, to)}.`,
      url: url(r),
      actorId: by.id,
    };
  },
  cancelled(r: NoticeRequest, by: NoticePerson, to: NoticePerson, at: Date, reason: string | null): Notice {
    return {
      userId: to.id,
      kind: 'session.cancelled',
      title: `${by.displayName} cancelled the session on ${r.skillName} of ${formatDateTime(at, to.timezone)}`,
      body: reason ?? 'The mentorship goes on: propose another session when it suits you.',
      url: url(r),
      actorId: by.id,
    };
  },
  reminder(r: NoticeRequest, other: NoticePerson, to: NoticePerson, at: Date): Notice {
    return {
      userId: to.id,
      kind: 'session.reminder',
      title: `Reminder: your session on ${r.skillName} with ${other.displayName}`,
      body: `Starts ${when(at, to)}.`,
      url: url(r),
      actorId: other.id,
    };
  },
  checkinDue(r: NoticeRequest, to: NoticePerson, text: string, dueOn: string): Notice {
    return {
      userId: to.id,
      kind: 'plan.checkin_due',
      title: `Check-in due on your mentoring plan on ${r.skillName}`,
      body: `${text} (due ${dueOn}).`,
      url: `/requests/${r.id}#plan`,
    };
  },
};
