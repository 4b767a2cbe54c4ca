import { getDb } from '#db/client.ts';
import { recordAudit } from '#features/audit/audit.service.ts';
import { findMember, memberAvailability } from '#features/members/members.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { teachesSkill } from '#features/profiles/member-skills.service.ts';
import { slotView } from '#features/requests/asking/slots.ts';
import { endorsementOf, feedbackOn } from '#features/requests/outcomes/outcomes.repo.ts';
import { getTrackRecord } from '#features/requests/outcomes/outcomes.service.ts';
import { myRetrospective } from '#features/requests/outcomes/retrospective.service.ts';
import { canLookBack } from '#features/requests/outcomes/retrospective.ts';
import { planItems } from '#features/requests/plan/plan.repo.ts';
import { groupPlan, hasPlan, planIsEditable } from '#features/requests/plan/plan.ts';
import { canReadThread, isParticipant } from '#features/requests/request-access.ts';
import { allowedActions, LIVE_SESSION_STATES, sessionsOpen, threadIsOpen } from '#features/requests/request-state.ts';
import { hasFormerParticipant } from '#features/requests/request-writes.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { sessionsFor } from '#features/requests/sessions/mentoring-sessions.service.ts';
import { listMessages } from '#features/requests/thread/thread.repo.ts';
import { renderMarkdown } from '#server/markdown.ts';

const MINUTE = 60_000;

/**
 * Everything /requests/<id> shows to this viewer, and nothing more: the thread only
 * to participants and to moderators acting on a report (each such reading goes into
 * the audit log), feedback notes only to the person they are about, the plan only to
 * the two people in the mentorship. A hidden message shows to the other participant
 * as hidden, without what it said.
 */
export async function getRequestPage(viewer: Viewer, id: string, now = new Date()) {
  const { detail: d, role } = await loadForViewer(id, viewer);
  const me = (await findMember(viewer!.id))!;
  const r = d.request;
  if (role === 'moderator') {
    await recordAudit(getDb(), { actorId: me.id, action: 'thread.read', subject: { kind: 'request', id: r.id } }, now);
  }
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

  const otherLeft = hasFormerParticipant(d);
  const actions = role === 'moderator' || otherLeft ? [] : allowedActions(r.state, role);
  let pickUp: { allowed: boolean; reason: string | null } | null = null;
  if (role === 'candidate') {
    const teaches = await teachesSkill(me.id, d.skill.id);
    const availability = memberAvailability(me, now);
    pickUp = !teaches
      ? { allowed: false, reason: `Only members who teach ${d.skill.name} can pick up this open call.` }
      : availability.kind !== 'open'
        ? { allowed: false, reason: 'You are at capacity or away right now, so you cannot pick up another request.' }
        : { allowed: true, reason: null };
  }

  const thread = canReadThread(role)
    ? (await listMessages(r.id)).map(({ message, author }) => {
        const mine = message.authorId === me.id;
        const hidden = message.hiddenAt !== null;
        // The other participant learns that a message was hidden, never what it said.
        const shown = !hidden || mine || role === 'moderator';
        return {
          ...message,
          body: shown ? message.body : '',
          author: author?.id ? author : null,
          html: message.kind === 'event' || !shown ? null : renderMarkdown(message.body),
          mine,
          hidden,
        };
      })
    : null;

  const participant = isParticipant(role);
  let plan =
    participant && hasPlan(r.kind) && (r.state === 'accepted' || r.state === 'completed')
      ? groupPlan(await planItems(r.id))
      : null;
  // A finished mentorship that never had a plan has nothing to show.
  if (plan && plan.total === 0 && r.state !== 'accepted') plan = null;

  let outcome = null;
  if (participant && r.state === 'completed' && !otherLeft) {
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

  // Every session of the request, each with what this participant may do on it now.
  let sessions = null;
  if (participant && d.recipient && r.state !== 'open') {
    const rows = await sessionsFor(r.id, me.id, now);
    const open = sessionsOpen(r.state);
    sessions = {
      items: rows.map((s) => ({
        ...s,
        actions: open ? s.actions : [],
        start: slotView(s.startsAt, me.timezone, otherZone),
        move: s.moveStartsAt ? slotView(s.moveStartsAt, me.timezone, otherZone) : null,
      })),
      // Ad-hoc help has one session at a time; a mentorship any number.
      canPropose: open && (r.kind !== 'adhoc' || !rows.some((s) => LIVE_SESSION_STATES.includes(s.state))),
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
    sessions,
    actions,
    pickUp,
    thread,
    threadOpen: participant && !otherLeft && threadIsOpen(r.state),
    plan,
    planEditable: participant && !otherLeft && planIsEditable(r.state),
    outcome,
    otherLeft,
    retrospective,
  };
}

export type RequestPage = Awaited<ReturnType<typeof getRequestPage>>;
