import { getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import { isFreeSlot } from '#features/bookable-time/free-slots.ts';
import { announceToFollowers } from '#features/follows/follows.service.ts';
import {
  askStateFor,
  blockedEitherWayIds,
  findMember,
  findVisibleMember,
  memberAvailability,
  teachersOf,
} from '#features/members/members.service.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { bookingFor, holdSlot } from '#features/requests/booking/booking.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { INITIAL_STATE } from '#features/requests/request-state.ts';
import * as repo from '#features/requests/requests.repo.ts';
import {
  type CreateRequestInput,
  chosenTopic,
  labelReverse,
  MAX_OPEN_REQUESTS_PER_REQUESTER,
  OTHER_TOPIC,
  REQUEST_EXPIRY_MS,
} from '#features/requests/requests.ts';
import { findSkillByTopic } from '#features/skills/skills.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { parseSlots } from './slots.ts';

/** How many teachers hear about a new open call at most. */
const OPEN_CALL_FANOUT = 25;

/**
 * Sends a request: to one member (`input.to`) or, without one, as an open call on the
 * topic. Enforced here: no requests to yourself, blocks either way, the recipient's
 * availability (away, not taking requests, at capacity), at most five requests waiting
 * per requester, and a rate limit. The limits are checked first for a clear message,
 * then again by the INSERT itself, so concurrent sends cannot slip past them.
 */
export async function createRequest(
  actor: MemberViewer,
  input: CreateRequestInput,
  now = new Date(),
): Promise<{ id: string }> {
  const me = await findMember(actor.id);
  if (!me) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  await requireVerifiedEmail(actor, input.to ? 'send requests' : 'post open calls');
  const topicName = chosenTopic(input);
  if (!topicName) throw invalid({ topicOther: 'Type the topic you want help with.' });
  const skill = await findSkillByTopic(topicName);
  if (!skill) {
    const field = input.topic === OTHER_TOPIC ? 'topicOther' : 'topic';
    throw invalid({ [field]: 'We do not know that topic. Pick one from the suggestions.' });
  }

  const recipient = input.to ? await findVisibleMember(input.to, actor) : null;
  if (input.to) {
    if (!recipient) throw notFound('There is no member with that handle.');
    const ask = await askStateFor(me.id, recipient, now);
    if (ask.kind === 'own') throw new AppError('BAD_REQUEST', 'You cannot send a request to yourself.');
    if (ask.kind === 'blocked-by-viewer') {
      throw new AppError(
        'CONFLICT',
        `You blocked ${recipient.displayName}. Unblock them in Settings → Blocked members to send a request.`,
      );
    }
    if (ask.kind === 'unavailable') throw new AppError('CONFLICT', ask.message);
  }
  if ((await repo.countOpenSent(me.id)) >= MAX_OPEN_REQUESTS_PER_REQUESTER) throw tooManyOpen();

  // A helper who publishes bookable time is booked from their free slots; otherwise the requester proposes times.
  const booking = recipient ? await bookingFor(recipient.id, now) : null;
  const slots = booking
    ? pickedSlot(booking.slots, input.bookedSlot)
    : parseSlots([input.slot1, input.slot2, input.slot3], input.timezone, now);
  if (!slots.ok) throw invalid(slots.errors);
  // Counted once the request is valid: a mistyped form is not a request sent.
  await enforceRateLimit(RATE_LIMITS.requestsPerMember, actor.id, now);
  const kind = input.kind;
  const { reverse, reverseAuto } = labelReverse(input.reverse ?? false, me.seniority, recipient?.seniority ?? null);
  const row: repo.RequestRow = {
    id: generateId(),
    requesterId: me.id,
    recipientId: recipient?.id ?? null,
    openCall: !recipient,
    skillId: skill.id,
    kind,
    reverse,
    reverseAuto,
    want: input.want,
    tried: input.tried ?? '',
    outcome: input.outcome ?? '',
    format: input.format,
    durationMinutes: booking?.sessionMinutes ?? input.duration,
    timezone: input.timezone,
    state: INITIAL_STATE,
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
    hiddenAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const noticeRequest = { id: row.id, kind, reverse, skillName: skill.name };

  const sent = await getDb()
    .transaction(async (tx) => {
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
      if (booking && recipient) {
        const held = await holdSlot(
          tx,
          {
            requestId: row.id,
            helperId: recipient.id,
            requesterId: me.id,
            startsAt: slots.slots[0]!,
            requesterZone: input.timezone,
          },
          now,
        );
        if (!held) throw slotTaken();
      }
      let toNotify: Notice[];
      if (recipient) {
        toNotify = [notices.received(noticeRequest, me, recipient, input.want)];
        await enqueueIndexJob(tx, 'people', recipient.id, 'upsert', now);
      } else {
        toNotify = (await openCallAudience(actor, skill.id, now)).map((id) =>
          notices.openCall(noticeRequest, me, id, input.want),
        );
        // Followers of the topic hear too (teachers just told are not told twice).
        toNotify.push(
          ...(await announceToFollowers(
            tx,
            {
              type: 'open_call',
              id: row.id,
              authorId: me.id,
              authorName: me.displayName,
              skills: [{ id: skill.id, name: skill.name }],
              url: `/requests/${row.id}`,
              title: skill.name,
              want: input.want,
            },
            now,
            { exclude: toNotify.map((n) => n.userId) },
          )),
        );
      }
      return notify(tx, toNotify, now);
    })
    .catch((error: unknown) => {
      // Two requests for one slot at once: the unique index on (helper, start) refused the second.
      if (uniqueViolation(error)?.includes('mentoring_sessions')) throw slotTaken();
      throw error;
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

function slotTaken(): AppError {
  return invalid(
    { bookedSlot: 'Someone booked that time a moment ago. Pick another free slot.' },
    'That time was just booked by someone else.',
  );
}

/** The slot picked from the helper's free slots, as the one proposed time of the request. */
function pickedSlot(
  free: Date[],
  picked: string | undefined,
): { ok: true; slots: Date[] } | { ok: false; errors: Record<string, string> } {
  const at = picked ? new Date(picked) : null;
  if (!at || Number.isNaN(at.getTime())) return { ok: false, errors: { bookedSlot: 'Pick one of the free times.' } };
  if (!isFreeSlot(free, at))
    return { ok: false, errors: { bookedSlot: 'That time is no longer free. Pick another one.' } };
  return { ok: true, slots: [at] };
}

function tooManyOpen(): AppError {
  return new AppError(
    'CONFLICT',
    `You already have ${MAX_OPEN_REQUESTS_PER_REQUESTER} requests waiting for an answer. Wait for answers, ` +
      `or withdraw one, before sending another.`,
  );
}

/** Teachers of the topic who could take an open call now, not blocked either way with the requester. */
async function openCallAudience(requester: MemberViewer, skillId: number, now: Date): Promise<string[]> {
  const blocked = await blockedEitherWayIds(requester.id);
  const candidates = await teachersOf(skillId, requester, {
    excludeIds: [requester.id, ...blocked],
    limit: OPEN_CALL_FANOUT * 2,
  });
  return candidates
    .filter((c) => memberAvailability(c, now).kind === 'open')
    .slice(0, OPEN_CALL_FANOUT)
    .map((c) => c.id);
}
