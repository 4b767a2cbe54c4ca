import type { RequestKind } from '#db/schema/requests.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { markdownToText } from '#server/markdown.ts';
import { formatDateTime } from '#server/time/format.ts';
import { kindLabel } from './requests.ts';

/** What a notice needs to know about a request and the people in it. */
export interface NoticeRequest {
  id: string;
  kind: RequestKind;
  reverse: boolean;
  skillName: string;
}

export interface NoticePerson {
  id: string;
  displayName: string;
  timezone: string;
  /** A participant who deleted their account: nothing is sent to them. */
  former?: boolean;
}

const url = (r: NoticeRequest) => `/requests/${r.id}`;
const when = (at: Date, person: NoticePerson) => `${formatDateTime(at, person.timezone)} (${person.timezone})`;
const excerpt = (markdown: string) => markdownToText(markdown, 280);
/** "ad-hoc reverse mentoring on Bun" (the skill keeps its own spelling). */
const about = (r: NoticeRequest) => `${kindLabel(r.kind, r.reverse).toLowerCase()} on ${r.skillName}`;

/**
 * The inbox notices of the request lifecycle, written once for the person they are
 * for (times in their own zone). Kinds are `request.<event>`.
 */
export const notices = {
  received(r: NoticeRequest, from: NoticePerson, to: NoticePerson, want: string): Notice {
    return {
      userId: to.id,
      kind: 'request.received',
      title: `${from.displayName} asks you for ${about(r)}`,
      body: excerpt(want),
      url: url(r),
      actorId: from.id,
    };
  },
  openCall(r: NoticeRequest, from: NoticePerson, teacherId: string, want: string): Notice {
    return {
      userId: teacherId,
      kind: 'request.open_call',
      title: `Open call on ${r.skillName}: ${from.displayName} is looking for help`,
      body: excerpt(want),
      url: url(r),
      actorId: from.id,
    };
  },
  accepted(r: NoticeRequest, helper: NoticePerson, requester: NoticePerson, at: Date, pickedUp: boolean): Notice {
    const verb = pickedUp ? 'picked up your open call on' : 'accepted your request on';
    return {
      userId: requester.id,
      kind: 'request.accepted',
      title: `${helper.displayName} ${verb} ${r.skillName}`,
      body: `Session: ${when(at, requester)}.`,
      url: url(r),
      actorId: helper.id,
    };
  },
  declined(r: NoticeRequest, helper: NoticePerson, requester: NoticePerson, reason: string | null): Notice {
    return {
      userId: requester.id,
      kind: 'request.declined',
      title: `${helper.displayName} can't help with ${r.skillName} this time`,
      body: reason ?? '',
      url: url(r),
      actorId: helper.id,
    };
  },
  question(r: NoticeRequest, helper: NoticePerson, requester: NoticePerson, question: string): Notice {
    return {
      userId: requester.id,
      kind: 'request.question',
      title: `${helper.displayName} asks for more details about your request on ${r.skillName}`,
      body: excerpt(question),
      url: url(r),
      actorId: helper.id,
    };
  },
  message(r: NoticeRequest, author: NoticePerson, to: NoticePerson, body: string): Notice {
    return {
      userId: to.id,
      kind: 'request.message',
      title: `New message from ${author.displayName} about ${r.skillName}`,
      body: excerpt(body),
      url: url(r),
      actorId: author.id,
    };
  },
  withdrawn(r: NoticeRequest, requester: NoticePerson, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.withdrawn',
      title: `${requester.displayName} withdrew their request on ${r.skillName}`,
      body: 'Nothing more to do here.',
      url: url(r),
      actorId: requester.id,
    };
  },
  cancelled(r: NoticeRequest, by: NoticePerson, to: NoticePerson, reason: string | null): Notice {
    return {
      userId: to.id,
      kind: 'request.cancelled',
      title: `${by.displayName} cancelled the session on ${r.skillName}`,
      body: reason ?? '',
      url: url(r),
      actorId: by.id,
    };
  },
  completed(r: NoticeRequest, by: NoticePerson, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.completed',
      title: `${by.displayName} marked your session on ${r.skillName} as completed`,
      body: 'Leave feedback: a rating and a note only they will see.',
      url: url(r),
      actorId: by.id,
    };
  },
  retrospective(r: NoticeRequest, to: NoticePerson, other: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.retrospective_request',
      title: `Look back on your ${about(r)} with ${other.displayName}`,
      body:
        'Three short questions: did it meet its goals, what you learned, would you do it again. ' +
        'Only you see your answers; the community sees them only as totals of five or more.',
      url: `${url(r)}#retrospective`,
    };
  },
  closed(r: NoticeRequest, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.closed',
      title: `Your request on ${r.skillName} was closed`,
      body: 'The other member closed it.',
      url: url(r),
    };
  },
  otherLeft(r: NoticeRequest, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.closed',
      title: `Your request on ${r.skillName} was closed`,
      body: 'The other member can no longer take part in whoknows, so the request was closed.',
      url: url(r),
    };
  },
  expired(r: NoticeRequest, to: NoticePerson, asRequester: boolean): Notice {
    return asRequester
      ? {
          userId: to.id,
          kind: 'request.expired',
          title: `Your request on ${r.skillName} expired without an answer`,
          body: 'Nobody answered within 14 days. You can send it to someone else, or post an open call.',
          url: url(r),
        }
      : {
          userId: to.id,
          kind: 'request.expired',
          title: `A request on ${r.skillName} expired before you answered`,
          body: 'It was waiting for 14 days.',
          url: url(r),
        };
  },
  expiringSoon(r: NoticeRequest, requester: NoticePerson, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.reminder',
      title: `${requester.displayName} is still waiting for your answer on ${r.skillName}`,
      body: 'The request expires in 3 days. Accept, ask for details, or decline kindly.',
      url: url(r),
      actorId: requester.id,
    };
  },
  feedback(r: NoticeRequest, author: NoticePerson, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.feedback',
      title: `${author.displayName} left you feedback on ${r.skillName}`,
      body: 'Only you can read their note.',
      url: url(r),
      actorId: author.id,
    };
  },
  endorsed(r: NoticeRequest, endorser: NoticePerson, to: NoticePerson): Notice {
    return {
      userId: to.id,
      kind: 'request.endorsed',
      title: `${endorser.displayName} endorsed you for ${r.skillName}`,
      body: 'It shows on your profile with your track record.',
      url: url(r),
      actorId: endorser.id,
    };
  },
  plan(r: NoticeRequest, author: NoticePerson, to: NoticePerson, what: string): Notice {
    return {
      userId: to.id,
      kind: 'request.plan',
      title: `${author.displayName} added to your mentoring plan on ${r.skillName}`,
      body: excerpt(what),
      url: `${url(r)}#plan`,
      actorId: author.id,
    };
  },
  reported(r: NoticeRequest, moderatorId: string): Notice {
    return {
      userId: moderatorId,
      kind: 'request.reported',
      title: `A request on ${r.skillName} was reported`,
      body: 'Open it to read the thread and the report.',
      url: url(r),
    };
  },
};
