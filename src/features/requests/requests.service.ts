import { getDb } from '#db/client.ts';
import type { Role } from '#db/schema/accounts.ts';
import * as blocks from '#features/blocks/blocks.repo.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { type ViewerRole, viewerRole } from './access.ts';
import { availabilityOf, unavailableMessage } from './availability.ts';
import * as lookups from './lookups.repo.ts';
import * as reports from './reports.repo.ts';
import { notices } from './request-notices.ts';
import { parseSlots } from './request-slots.ts';
import * as repo from './requests.repo.ts';
import { type CreateRequestInput, labelKind, MAX_OPEN_REQUESTS_PER_REQUESTER, REQUEST_EXPIRY_MS } from './requests.ts';

/** The signed-in member acting (a SessionUser fits). */
export interface Actor {
  id: string;
  role: Role;
}

/** How many teachers hear about a new open call at most. */
const OPEN_CALL_FANOUT = 25;

/**
 * Loads a request for someone and says how they relate to it. Anyone who may not see
 * it gets the same NOT_FOUND as for an id that does not exist.
 */
export async function loadForViewer(
  id: string,
  viewer: Actor | null,
): Promise<{ detail: repo.RequestDetail; role: ViewerRole }> {
  const detail = viewer ? await repo.findRequestDetail(id) : undefined;
  if (!detail || !viewer) throw notFound('That request does not exist, or it is private.');
  const r = detail.request;
  const isParticipant = viewer.id === r.requesterId || viewer.id === r.recipientId;
  const [hasOpenReport, blockedWithRequester] = isParticipant
    ? [false, false]
    : await Promise.all([
        viewer.role === 'member' ? false : reports.hasOpenReport(id),
        r.openCall && r.recipientId === null ? blockedEitherWay(viewer.id, r.requesterId) : false,
      ]);
  const role = viewerRole(r, viewer, { hasOpenReport, blockedWithRequester });
  if (!role) throw notFound('That request does not exist, or it is private.');
  return { detail, role };
}

/** Whether either member blocked the other. */
async function blockedEitherWay(a: string, b: string): Promise<boolean> {
  const [ab, ba] = await Promise.all([blocks.hasBlocked(a, b), blocks.hasBlocked(b, a)]);
  return ab || ba;
}

/**
 * Sends a request: to one member (`input.to`) or, without one, as an open call on the
 * topic. Enforced here: no requests to yourself, blocks either way, the recipient's
 * availability (away, not taking requests, at capacity), at most five requests waiting
 * per requester, and a rate limit. The limits are checked first for a clear message,
 * then again by the INSERT itself, so concurrent sends cannot slip past them.
 */
export async function createRequest(
  actor: Actor,
  input: CreateRequestInput,
  now = new Date(),
): Promise<{ id: string }> {
  const me = await lookups.findMemberFacts(actor.id);
  if (!me) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  const skill = await lookups.findSkillByTopic(input.topic);
  if (!skill) throw invalid({ topic: 'We do not know that topic. Pick one from the suggestions.' });

  const recipient = input.to ? await lookups.findMemberFactsByHandle(input.to) : undefined;
  if (input.to) {
    if (!recipient || recipient.suspendedAt) throw notFound('There is no member with that handle.');
    if (recipient.id === me.id) throw new AppError('BAD_REQUEST', 'You cannot send a request to yourself.');
    if (await blocks.hasBlocked(me.id, recipient.id)) {
      throw new AppError(
        'CONFLICT',
        `You blocked ${recipient.displayName}. Unblock them in Settings → Blocked members to send a request.`,
      );
    }
    // Said the same way as "not taking requests", so a block is never revealed.
    if (await blocks.hasBlocked(recipient.id, me.id))
      throw new AppError('CONFLICT', `${recipient.displayName} is not taking requests right now.`);
    const availability = availabilityOf(recipient, await repo.countActiveReceived(recipient.id), now);
    const why = unavailableMessage(recipient.displayName, availability);
    if (why) throw new AppError('CONFLICT', why);
  }
  if ((await repo.countOpenSent(me.id)) >= MAX_OPEN_REQUESTS_PER_REQUESTER) throw tooManyOpen();

  const slots = parseSlots([input.slot1, input.slot2, input.slot3], input.timezone, now);
  if (!slots.ok) throw invalid(slots.errors);
  // Counted once the request is valid: a mistyped form is not a request sent.
  await enforceRateLimit(RATE_LIMITS.requestsPerMember, actor.id, now);
  const { kind, reverseAuto } = labelKind(input.kind, me.seniority, recipient?.seniority ?? null);
  const row: repo.RequestRow = {
    id: generateId(),
    requesterId: me.id,
    recipientId: recipient?.id ?? null,
    openCall: !recipient,
    skillId: skill.id,
    kind,
    reverseAuto,
    want: input.want,
    tried: input.tried ?? '',
    outcome: input.outcome ?? '',
    format: input.format,
    durationMinutes: input.duration,
    timezone: input.timezone,
    state: 'open',
    sessionStartsAt: null,
    sessionZone: null,
    closeReason: null,
    closedBy: null,
    firstAnsweredAt: null,
    acceptedAt: null,
    closedAt: null,
    expiresAt: new Date(now.getTime() + REQUEST_EXPIRY_MS),
    sequence: 0,
    reminderSentAt: null,
    expiryWarnedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const noticeRequest = { id: row.id, kind, skillName: skill.name };

  const sent = await getDb().transaction(async (tx) => {
    if (
      !(await repo.insertRequestGuarded(
        row,
        { maxOpenSent: MAX_OPEN_REQUESTS_PER_REQUESTER, recipientId: row.recipientId },
        tx,
      ))
    ) {
      return null;
    }
    await repo.insertSlots(row.id, slots.slots, tx);
    let toNotify: Notice[];
    if (recipient) {
      toNotify = [notices.received(noticeRequest, me, recipient, input.want)];
      await enqueueIndexJob(tx, 'people', recipient.id, 'upsert', now);
    } else {
      toNotify = (await openCallAudience(me.id, skill.id, now)).map((id) =>
        notices.openCall(noticeRequest, me, id, input.want),
      );
    }
    return notify(tx, toNotify, now);
  });
  if (!sent) {
    // A concurrent send took the last place: say which limit it was.
    if ((await repo.countOpenSent(me.id)) >= MAX_OPEN_REQUESTS_PER_REQUESTER) throw tooManyOpen();
    throw new AppError(
      'CONFLICT',
      `${recipient?.displayName ?? 'They'} just reached their capacity and cannot take another request right now.`,
    );
  }
  await deliverEmails(sent);
  return { id: row.id };
}

function tooManyOpen(): AppError {
  return new AppError(
    'CONFLICT',
    `You already have ${MAX_OPEN_REQUESTS_PER_REQUESTER} requests waiting for an answer. Wait for answers, or withdraw one, before sending another.`,
  );
}

/** Teachers of the topic who could take an open call now, not blocked either way with the requester. */
async function openCallAudience(requesterId: string, skillId: number, now: Date): Promise<string[]> {
  const blocked = (await blocks.blocksInvolving(requesterId)).map((b) =>
    b.blockerId === requesterId ? b.blockedId : b.blockerId,
  );
  const candidates = await lookups.teachersOf(skillId, [requesterId, ...blocked], OPEN_CALL_FANOUT * 2);
  const counts = await repo.activeReceivedCounts(candidates.map((c) => c.id));
  return candidates
    .filter(
      (c) => availabilityOf({ ...c, capacityOpenRequests: c.capacity }, counts.get(c.id) ?? 0, now).kind === 'open',
    )
    .slice(0, OPEN_CALL_FANOUT)
    .map((c) => c.id);
}

export type AskState =
  | { kind: 'own' }
  | { kind: 'blocked-by-viewer' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'open' };

/**
 * Whether the viewer can ask a member for help now, and if not, what to say: their own
 * profile, a member they blocked, or someone away / not taking requests / at capacity.
 * A member who blocked the viewer looks like one not taking requests.
 */
export async function getAskState(viewerId: string | null, memberId: string, now = new Date()): Promise<AskState> {
  if (viewerId === memberId) return { kind: 'own' };
  const member = await lookups.findMemberFacts(memberId);
  if (!member || member.suspendedAt)
    return { kind: 'unavailable', message: 'This member is not taking requests right now.' };
  if (viewerId) {
    if (await blocks.hasBlocked(viewerId, memberId)) return { kind: 'blocked-by-viewer' };
    if (await blocks.hasBlocked(memberId, viewerId)) {
      return { kind: 'unavailable', message: `${member.displayName} is not taking requests right now.` };
    }
  }
  const availability = availabilityOf(member, await repo.countActiveReceived(memberId), now);
  const message = unavailableMessage(member.displayName, availability);
  return message ? { kind: 'unavailable', message } : { kind: 'open' };
}
