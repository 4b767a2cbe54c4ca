import { getDb } from '#db/client.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { noticeRequest, otherSide, refuseIfOtherLeft } from '#features/requests/request-writes.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { AppError, invalid } from '#server/errors.ts';
import * as repo from './plan.repo.ts';
import { hasPlan, MAX_PLAN_ITEMS, type PlanItemInput, planIsEditable } from './plan.ts';

async function editablePlan(actor: MemberViewer, id: string) {
  const { detail, role } = await loadForViewer(id, actor);
  if (role !== 'requester' && role !== 'recipient')
    throw new AppError('FORBIDDEN', 'Only the two people in a mentorship can change its plan.');
  if (!hasPlan(detail.request.kind))
    throw new AppError('CONFLICT', 'Only ongoing and reverse mentorships have a plan.');
  if (!planIsEditable(detail.request.state))
    throw new AppError('CONFLICT', 'The plan can be changed while the mentorship is running.');
  refuseIfOtherLeft(detail);
  return detail;
}

/** Adds a goal, a milestone (under one of this plan's goals) or a check-in; the other side is told. */
export async function addPlanItem(actor: MemberViewer, input: PlanItemInput, now = new Date()): Promise<void> {
  const d = await editablePlan(actor, input.id);
  await requireVerifiedEmail(actor, 'add to a mentorship plan');
  if ((await repo.countItems(d.request.id)) >= MAX_PLAN_ITEMS)
    throw new AppError('CONFLICT', `A plan holds at most ${MAX_PLAN_ITEMS} items.`);
  if (input.kind === 'milestone') {
    const goal = await repo.findItem(d.request.id, input.goalId!);
    if (goal?.kind !== 'goal') throw invalid({ goalId: 'Choose one of the goals of this plan.' });
  }
  const rows = await getDb().transaction(async (tx) => {
    await repo.insertItem(
      {
        requestId: d.request.id,
        kind: input.kind,
        goalId: input.kind === 'milestone' ? input.goalId! : null,
        text: input.text,
        dueOn: input.kind === 'milestone' ? (input.dueOn ?? null) : input.dueOn!,
        createdBy: actor.id,
        createdAt: now,
      },
      tx,
    );
    const me = actor.id === d.requester.id ? d.requester : d.recipient!;
    return notify(tx, [notices.plan(noticeRequest(d), me, otherSide(d, actor.id)!, input.text)], now);
  });
  await deliverEmails(rows, now);
}

/** Ticks a plan item done, or back to not done. */
export async function togglePlanItem(
  actor: MemberViewer,
  input: { id: string; itemId: number },
  now = new Date(),
): Promise<{ done: boolean }> {
  const d = await editablePlan(actor, input.id);
  const item = await repo.findItem(d.request.id, input.itemId);
  if (!item) throw new AppError('NOT_FOUND', 'That item is not in this plan.');
  const done = item.doneAt === null;
  await getDb().transaction((tx) => repo.setDone(d.request.id, item.id, done ? { at: now, by: actor.id } : null, tx));
  return { done };
}
