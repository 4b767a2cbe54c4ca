import { renderMarkdown } from '#server/markdown.ts';
import { canReadThread, isParticipant } from './access.ts';
import { availabilityOf } from './availability.ts';
import * as lookups from './lookups.repo.ts';
import { endorsementOf, feedbackOn } from './outcomes.repo.ts';
import { getTrackRecord } from './outcomes.service.ts';
import { planItems } from './plan.repo.ts';
import { groupPlan, hasPlan, planIsEditable } from './plan.ts';
import { reportsFor } from './reports.service.ts';
import { slotView } from './request-slots.ts';
import { allowedActions, threadIsOpen } from './request-state.ts';
import * as repo from './requests.repo.ts';
import { type Actor, loadForViewer } from './requests.service.ts';
import { myRetrospective } from './retrospective.service.ts';
import { canLookBack } from './retrospective.ts';
import { listMessages } from './thread.repo.ts';

const MINUTE = 60_000;

/**
 * Everything /requests/<id> shows to this viewer, and nothing more: the thread only
 * to participants and to moderators acting on a report, feedback notes only to the
 * person they are about, the plan only to the two people in the mentorship.
 */
export async function getRequestPage(viewer: Actor | null, id: string, now = new Date()) {
  const { detail: d, role } = await loadForViewer(id, viewer);
  const me = (await lookups.findMemberFacts(viewer!.id))!;
  const r = d.request;
  const otherZone =
    role === 'requester' ? (d.recipient?.timezone ?? null) : role === 'moderator' ? null : d.requester.timezone;

  const slots = (await repo.findSlots(r.id)).map((s) => ({
    position: s.position,
    passed: s.startsAt.getTime() <= now.getTime(),
    chosen: r.sessionStartsAt?.getTime() === s.startsAt.getTime(),
    ...slotView(s.startsAt, me.timezone, otherZone),
  }));
  const session = r.sessionStartsAt
    ? {
        start: slotView(r.sessionStartsAt, me.timezone, otherZone),
        end: slotView(new Date(r.sessionStartsAt.getTime() + r.durationMinutes * MINUTE), me.timezone, otherZone),
        past: r.sessionStartsAt.getTime() < now.getTime(),
        counterProposed: r.sessionZone !== null && !slots.some((s) => s.chosen),
      }
    : null;

  const actions = role === 'moderator' ? [] : allowedActions(r.state, role);
  let pickUp: { allowed: boolean; reason: string | null } | null = null;
  if (role === 'candidate') {
    const teaches = await lookups.teaches(me.id, d.skill.id);
    const availability = availabilityOf(me, await repo.countActiveReceived(me.id), now);
    pickUp = !teaches
      ? { allowed: false, reason: `Only members who teach ${d.skill.name} can pick up this open call.` }
      : availability.kind !== 'open'
        ? { allowed: false, reason: 'You are at capacity or away right now, so you cannot pick up another request.' }
        : { allowed: true, reason: null };
  }

  const thread = canReadThread(role)
    ? (await listMessages(r.id)).map(({ message, author }) => ({
        ...message,
        author,
        html: message.kind === 'event' ? null : renderMarkdown(message.body),
        mine: message.authorId === me.id,
      }))
    : null;

  const participant = isParticipant(role);
  let plan =
    participant && hasPlan(r.kind) && (r.state === 'accepted' || r.state === 'completed')
      ? groupPlan(await planItems(r.id))
      : null;
  // A finished mentorship that never had a plan has nothing to show.
  if (plan && plan.total === 0 && r.state !== 'accepted') plan = null;

  let outcome = null;
  if (participant && r.state === 'completed') {
    const [feedback, endorsement, trackRecord] = await Promise.all([
      feedbackOn(r.id),
      endorsementOf(r.id),
      getTrackRecord(d.recipient!.id),
    ]);
    outcome = {
      mine: feedback.find((f) => f.authorId === me.id) ?? null,
      theirs: feedback.find((f) => f.authorId !== me.id) ?? null,
      endorsement: endorsement ?? null,
      trackRecord,
    };
  }

  // A finished mentorship: the viewer's own retrospective, or the form for it.
  const retrospective =
    participant && canLookBack(r.kind, r.state) ? { mine: await myRetrospective(r.id, me.id) } : null;

  return {
    detail: d,
    role,
    viewerZone: me.timezone,
    otherZone,
    slots,
    session,
    actions,
    pickUp,
    thread,
    threadOpen: participant && threadIsOpen(r.state),
    plan,
    planEditable: participant && planIsEditable(r.state),
    outcome,
    retrospective,
    reports: role === 'moderator' ? await reportsFor(r.id) : null,
  };
}

export type RequestPage = Awaited<ReturnType<typeof getRequestPage>>;
