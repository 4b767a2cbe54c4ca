import { getDb } from '#db/client.ts';
import { findAccount } from '#features/accounts/standing.service.ts';
import { latestReason, recordAudit } from '#features/audit/audit.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import * as reports from '#features/reports/reports.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError, notFound } from '#server/errors.ts';
import { liftSuspension } from './actions.service.ts';
import * as repo from './appeals.repo.ts';
import { moderationNotices } from './moderation-notices.ts';
import { canActOnMember, canModerate } from './permissions.ts';

/**
 * What a suspended member reads at /suspended: since when and until when, the reason
 * the moderator gave, and their appeals with any answer. Null for a member who is not
 * suspended.
 */
export async function suspensionNotice(viewer: MemberViewer) {
  const account = await findAccount(viewer.id);
  if (!account?.suspendedAt) return null;
  const [why, appeals] = await Promise.all([
    latestReason('member.suspend', { memberId: viewer.id }),
    repo.appealsOf(viewer.id),
  ]);
  return {
    since: account.suspendedAt,
    until: account.suspendedUntil,
    reason: why?.reason ?? '',
    appeals,
    openAppeal: appeals.find((a) => a.status === 'open') ?? null,
  };
}

/** A suspended member asks the moderators to think again: one open appeal at a time, rate-limited; moderators are told. */
export async function fileAppeal(viewer: MemberViewer, input: { body: string }, now = new Date()): Promise<void> {
  const account = await findAccount(viewer.id);
  if (!account?.suspendedAt)
    throw new AppError('CONFLICT', 'Your account is not suspended, so there is nothing to appeal.');
  if ((await repo.appealsOf(viewer.id)).some((a) => a.status === 'open'))
    throw new AppError('CONFLICT', 'Your appeal is with the moderators already. You will hear back by email.');
  await enforceRateLimit(RATE_LIMITS.appealsPerMember, viewer.id, now);
  const moderators = await reports.moderatorIds();
  const rows = await getDb().transaction(async (tx) => {
    const id = await repo.insertAppeal({ userId: viewer.id, body: input.body, createdAt: now }, tx);
    if (id === null) return null;
    return notify(
      tx,
      moderators.map((m) => moderationNotices.appealed(m.id, account.displayName, id)),
      now,
    );
  });
  if (!rows) throw new AppError('CONFLICT', 'Your appeal is with the moderators already. You will hear back by email.');
  await deliverEmails(rows, now);
}

/** An appeal as a moderator reads it, with the suspension it is about. */
export async function appealView(viewer: Viewer, appealId: number) {
  if (!canModerate(viewer)) throw notFound();
  const appeal = await repo.findAppeal(appealId);
  const member = appeal ? await findAccount(appeal.userId) : undefined;
  if (!appeal || !member) throw notFound('We could not find that appeal.');
  const why = await latestReason('member.suspend', { memberId: member.id });
  return {
    appeal,
    member: {
      id: member.id,
      handle: member.handle,
      displayName: member.displayName,
      suspendedAt: member.suspendedAt,
      suspendedUntil: member.suspendedUntil,
    },
    suspensionReason: why?.reason ?? '',
    canAct: canActOnMember(viewer, member),
  };
}

/** The suspension stays: the appeal is answered with the moderator's reason, which the member reads. */
export async function rejectAppeal(actor: MemberViewer, input: { appealId: number; reason: string }, now = new Date()) {
  const { appeal, canAct } = await appealView(actor, input.appealId);
  if (!canAct) throw new AppError('FORBIDDEN', 'Only an admin answers a moderator’s appeal.');
  const rows = await getDb().transaction(async (tx) => {
    if (
      !(await repo.answerOpenAppeal(
        appeal.userId,
        { status: 'rejected', by: actor.id, text: input.reason, at: now },
        tx,
      ))
    )
      throw new AppError('CONFLICT', 'This appeal was answered already.');
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: 'appeal.reject',
        subject: { kind: 'appeal', id: String(appeal.id) },
        memberId: appeal.userId,
        reason: input.reason,
      },
      now,
    );
    return notify(tx, [moderationNotices.appealRejected(appeal.userId, input.reason)], now);
  });
  await deliverEmails(rows, now);
}

/** The appeal succeeds: the suspension is lifted (and the appeal answered as granted) with the moderator's reason. */
export async function grantAppeal(actor: MemberViewer, input: { appealId: number; reason: string }, now = new Date()) {
  const { appeal } = await appealView(actor, input.appealId);
  if (appeal.status !== 'open') throw new AppError('CONFLICT', 'This appeal was answered already.');
  await liftSuspension(actor, { memberId: appeal.userId, reason: input.reason }, now);
}
