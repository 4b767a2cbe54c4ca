import type { DbOrTx } from '#db/client.ts';
import type { ReportSnapshot } from '#db/schema/index.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { AppError, notFound } from '#server/errors.ts';
import { canReadThread } from './request-access.ts';
import * as repo from './requests.repo.ts';
import { loadForViewer } from './requests.service.ts';
import { KIND_LABELS, requestTitle } from './requests.ts';
import { findMessage, setMessageHidden as writeMessageHidden } from './thread/thread.repo.ts';

/** What the moderation feature needs to know about a request or message someone reports, or a moderator acts on. */
export interface ModeratedRequestThing {
  id: string;
  /** The requester of a request, the author of a message. */
  ownerId: string;
  /** The request whose thread moderators may read while a report on it is open. */
  requestId: string;
  title: string;
  url: string;
  hidden: boolean;
}

const MISSING = 'That request does not exist, or it is private.';

/**
 * A request for a report by someone who may see it (a participant, or a member reading
 * an open call), with a snapshot of what it asks. Reporting your own request makes no sense.
 */
export async function requestForReport(
  id: string,
  viewer: MemberViewer,
): Promise<ModeratedRequestThing & { snapshot: ReportSnapshot }> {
  const { detail: d, role } = await loadForViewer(id, viewer);
  const r = d.request;
  if (role === 'moderator' || !r.requesterId) throw notFound(MISSING);
  if (role === 'requester') throw new AppError('BAD_REQUEST', 'This is your own request.');
  const title = requestTitle(r.kind, r.reverse, d.skill.name);
  return {
    id: r.id,
    ownerId: r.requesterId,
    requestId: r.id,
    title,
    url: `/requests/${r.id}`,
    hidden: r.hiddenAt !== null,
    snapshot: {
      title: `${title}, by ${d.requester.displayName}`,
      url: `/requests/${r.id}`,
      fields: [
        { label: 'Kind', value: KIND_LABELS[r.kind] },
        { label: 'What they want', value: r.want },
        { label: 'What they tried', value: r.tried },
        { label: 'Hoped-for outcome', value: r.outcome },
      ].filter((f) => f.value !== ''),
    },
  };
}

/** A message for a report by the other participant of its thread, with a snapshot of what it says. */
export async function messageForReport(
  messageId: number,
  viewer: MemberViewer,
): Promise<ModeratedRequestThing & { snapshot: ReportSnapshot }> {
  const message = await findMessage(messageId);
  if (!message || message.kind === 'event') throw notFound('We could not find that message.');
  const { detail: d, role } = await loadForViewer(message.requestId, viewer);
  if (!canReadThread(role) || role === 'moderator') throw notFound('We could not find that message.');
  if (message.authorId === viewer.id) throw new AppError('BAD_REQUEST', 'This is your own message.');
  if (!message.authorId) throw new AppError('CONFLICT', 'Its author has left whoknows, so there is no one to act on.');
  const author = message.authorId === d.requester.id ? d.requester : d.recipient;
  const title = `A message in “${requestTitle(d.request.kind, d.request.reverse, d.skill.name)}”`;
  return {
    id: String(message.id),
    ownerId: message.authorId,
    requestId: d.request.id,
    title,
    url: `/requests/${d.request.id}#message-${message.id}`,
    hidden: message.hiddenAt !== null,
    snapshot: {
      title: `${title}, from ${author?.displayName ?? 'a member'}`,
      url: `/requests/${d.request.id}#message-${message.id}`,
      fields: [
        { label: 'Written', value: message.createdAt.toISOString() },
        { label: 'Message', value: message.body },
      ],
    },
  };
}

/** A request by id as moderation describes it, or null (and null once its requester left). */
export async function requestForModeration(id: string): Promise<ModeratedRequestThing | null> {
  const d = await repo.findRequestDetail(id);
  if (!d?.request.requesterId) return null;
  return {
    id,
    ownerId: d.request.requesterId,
    requestId: id,
    title: requestTitle(d.request.kind, d.request.reverse, d.skill.name),
    url: `/requests/${id}`,
    hidden: d.request.hiddenAt !== null,
  };
}

/** A message by id as moderation describes it, or null. */
export async function messageForModeration(id: string): Promise<ModeratedRequestThing | null> {
  const message = Number.isSafeInteger(Number(id)) ? await findMessage(Number(id)) : undefined;
  if (!message?.authorId) return null;
  const d = await repo.findRequestDetail(message.requestId);
  if (!d) return null;
  return {
    id,
    ownerId: message.authorId,
    requestId: d.request.id,
    title: `A message in “${requestTitle(d.request.kind, d.request.reverse, d.skill.name)}”`,
    url: `/requests/${d.request.id}#message-${message.id}`,
    hidden: message.hiddenAt !== null,
  };
}

/** Hides a request (only its requester sees it; open-call listings drop it) or restores it, in the caller's transaction. */
export async function setRequestHidden(tx: DbOrTx, id: string, hidden: boolean, now: Date): Promise<boolean> {
  return repo.setRequestHidden(id, hidden ? now : null, tx);
}

/** Hides a message (the other participant sees only that it was hidden) or restores it, in the caller's transaction. */
export async function setMessageHidden(tx: DbOrTx, id: string, hidden: boolean, now: Date): Promise<boolean> {
  if (!Number.isSafeInteger(Number(id))) return false;
  return writeMessageHidden(Number(id), hidden ? now : null, tx);
}
