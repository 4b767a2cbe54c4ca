import type { DbOrTx } from '#db/client.ts';
import type { ReportSnapshot, ReportSubject } from '#db/schema/index.ts';
import { eventForModeration, eventForReport, setEventHidden } from '#features/events/event-moderation.service.ts';
import { listForModeration, listForReport, setListHidden } from '#features/lists/list-moderation.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import {
  profileForModeration,
  profileForReport,
  setProfileHidden,
} from '#features/profiles/profile-moderation.service.ts';
import {
  messageForModeration,
  messageForReport,
  requestForModeration,
  requestForReport,
  setMessageHidden,
  setRequestHidden,
} from '#features/requests/request-moderation.service.ts';
import { notFound } from '#server/errors.ts';

/*
 * The things a report can be about, each asked of the feature that owns it: whether
 * the reporter may see it (a report on something you cannot see is "not found"), what
 * it says now (the snapshot), whose it is, and hiding or restoring it.
 */

/** A reportable thing as moderation handles it. */
export interface Subject {
  kind: ReportSubject;
  /** The id stored with reports: a user id for a profile, the event's, list's, request's or message's id. */
  id: string;
  ownerId: string;
  title: string;
  url: string;
  hidden: boolean;
  /** For a request or one of its messages: the request whose thread moderators may read while a report is open. */
  requestId: string | null;
}

/** The thing `viewer` wants to report, by the reference a link carries (handle, slug or id), with a snapshot. */
export async function subjectForReport(
  kind: ReportSubject,
  ref: string,
  viewer: MemberViewer,
): Promise<Subject & { snapshot: ReportSnapshot }> {
  switch (kind) {
    case 'profile':
      return { kind, requestId: null, ...(await profileForReport(ref.toLowerCase(), viewer)) };
    case 'event':
      return { kind, requestId: null, ...(await eventForReport(ref.toLowerCase(), viewer)) };
    case 'list':
      return { kind, requestId: null, ...(await listForReport(ref.toLowerCase(), viewer)) };
    case 'request':
      return { kind, ...(await requestForReport(ref, viewer)) };
    case 'message': {
      if (!/^\d{1,15}$/.test(ref)) throw notFound('We could not find that message.');
      return { kind, ...(await messageForReport(Number(ref), viewer)) };
    }
  }
}

/** A reported thing as it is now, as a moderator sees it (null once it is gone). */
export async function subjectNow(kind: ReportSubject, id: string): Promise<Subject | null> {
  switch (kind) {
    case 'profile': {
      const p = await profileForModeration(id);
      return p && { kind, requestId: null, ...p };
    }
    case 'event': {
      const e = await eventForModeration(id);
      return e && { kind, requestId: null, ...e };
    }
    case 'list': {
      const l = await listForModeration(id);
      return l && { kind, requestId: null, ...l };
    }
    case 'request': {
      const r = await requestForModeration(id);
      return r && { kind, ...r };
    }
    case 'message': {
      const m = await messageForModeration(id);
      return m && { kind, ...m };
    }
  }
}

/** Hides or restores a thing inside the caller's transaction (search drops or regains it); false if it is gone. */
export async function setSubjectHidden(
  tx: DbOrTx,
  kind: ReportSubject,
  id: string,
  hidden: boolean,
  now: Date,
): Promise<boolean> {
  switch (kind) {
    case 'profile':
      return (await setProfileHidden(tx, id, hidden, now)) !== null;
    case 'event':
      return (await setEventHidden(tx, id, hidden, now)) !== null;
    case 'list':
      return (await setListHidden(tx, id, hidden, now)) !== null;
    case 'request':
      return setRequestHidden(tx, id, hidden, now);
    case 'message':
      return setMessageHidden(tx, id, hidden, now);
  }
}
