import { type DbOrTx, getDb } from '#db/client.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { noticeRequest, otherSide, refuseIfOtherLeft } from '#features/requests/request-writes.ts';
import type { RequestDetail } from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { AppError } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import * as repo from './outcomes.repo.ts';
import { type Responsiveness, summarizeResponsiveness } from './responsiveness.ts';

async function completedFor(actor: MemberViewer, id: string) {
  const { detail, role } = await loadForViewer(id, actor);
  if (role !== 'requester' && role !== 'recipient')
    throw new AppError('FORBIDDEN', 'Only the two people in a request can leave feedback.');
  if (detail.request.state !== 'completed')
    throw new AppError('CONFLICT', 'Feedback opens once the session is marked completed.');
  refuseIfOtherLeft(detail);
  await requireVerifiedEmail(actor, 'leave feedback and endorsements');
  return { detail, role };
}

async function endorseIn(tx: DbOrTx, d: RequestDetail, now: Date): Promise<Notice[]> {
  const added = await repo.insertEndorsement(
    {
      requestId: d.request.id,
      endorserId: d.requester.id,
      endorseeId: d.recipient!.id,
      skillId: d.skill.id,
      createdAt: now,
    },
    tx,
  );
  if (!added) return [];
  // Endorsements weigh in people-search ranking: refresh the helper's document with it.
  await enqueueIndexJob(tx, 'people', d.recipient!.id, 'upsert', now);
  return [notices.endorsed(noticeRequest(d), d.requester, d.recipient!)];
}

/**
 * Feedback after completion: a rating and a note that only the other side reads,
 * once per side. The requester may endorse the helper on the topic in the same go.
 */
export async function leaveFeedback(
  actor: MemberViewer,
  input: { id: string; rating: number; note?: string | undefined; endorse?: boolean | undefined },
  now = new Date(),
): Promise<void> {
  const { detail: d, role } = await completedFor(actor, input.id);
  const rows = await getDb().transaction(async (tx) => {
    const added = await repo.insertFeedback(
      { requestId: d.request.id, authorId: actor.id, rating: input.rating, note: input.note ?? '', createdAt: now },
      tx,
    );
    if (!added) return null;
    const toSend = [
      notices.feedback(noticeRequest(d), role === 'requester' ? d.requester : d.recipient!, otherSide(d, actor.id)!),
    ];
    if (input.endorse && role === 'requester') toSend.push(...(await endorseIn(tx, d, now)));
    return notify(tx, toSend, now);
  });
  if (!rows) throw new AppError('CONFLICT', 'You already left feedback on this request.');
  await deliverEmails(rows, now);
}

/** The requester endorses the helper on the request's skill (once per request). */
export async function endorseHelper(actor: MemberViewer, input: { id: string }, now = new Date()): Promise<void> {
  const { detail: d, role } = await completedFor(actor, input.id);
  if (role !== 'requester')
    throw new AppError('FORBIDDEN', 'Only the person who asked for help can endorse the helper.');
  const rows = await getDb().transaction(async (tx) => notify(tx, await endorseIn(tx, d, now), now));
  await deliverEmails(rows, now);
}

export interface TrackRecordSkill {
  skillId: number;
  slug: string;
  name: string;
  completed: number;
  endorsements: number;
}

export interface TrackRecord {
  completed: number;
  endorsements: number;
  /** Per skill, most taught first: "taught Rust 7 times, 5 endorsements". */
  skills: TrackRecordSkill[];
}

/** A member's record as a helper: completed sessions and endorsements, per skill. */
export async function getTrackRecord(userId: string): Promise<TrackRecord> {
  const skills = (await repo.trackRecordBySkill(userId)).sort(
    (a, b) => b.completed - a.completed || b.endorsements - a.endorsements || a.name.localeCompare(b.name),
  );
  return {
    completed: skills.reduce((sum, s) => sum + s.completed, 0),
    endorsements: skills.reduce((sum, s) => sum + s.endorsements, 0),
    skills,
  };
}

const YEAR_MS = 365 * 86_400_000;

/** How quickly and how often a member answers direct requests (the last twelve months). */
export async function getResponsiveness(userId: string, now = new Date()): Promise<Responsiveness> {
  const rows = await repo.receivedSince(userId, new Date(now.getTime() - YEAR_MS));
  return summarizeResponsiveness(
    rows.map((r) => ({ createdAt: r.createdAt, firstAnsweredAt: r.firstAnsweredAt, pending: r.state === 'open' })),
  );
}

/** Endorsements received per member, for the people index's rank (absent = 0). */
export function endorsementCounts(userIds: string[]): Promise<Map<string, number>> {
  return repo.endorsementCountsFor(userIds);
}

/** Completed sessions given per member, for the people index's rank (absent = 0). */
export function completedCounts(userIds: string[]): Promise<Map<string, number>> {
  return repo.completedCountsFor(userIds);
}
