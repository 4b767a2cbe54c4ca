import { endorsementOf, feedbackOn } from './outcomes/outcomes.repo.ts';
import { planItems } from './plan/plan.repo.ts';
import * as repo from './requests.repo.ts';
import { KIND_LABELS, STATE_LABELS } from './requests.ts';
import { listMessages } from './thread/thread.repo.ts';

const PAGE = 200;

/**
 * A member's requests for their data export: every request they sent or received, as
 * they could read it, with the messages they wrote, the plan, the feedback they gave
 * and the notes written to them, and endorsements. Nothing the member could not see:
 * the other side's feedback about someone else never appears (there is none), and
 * the other person is named as the request page named them.
 */
export async function requestsExport(userId: string) {
  const out = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.listForMember(userId, { role: 'all', states: null, limit: PAGE, offset });
    for (const d of page) {
      const r = d.request;
      const sent = r.requesterId === userId;
      const other = sent ? d.recipient : d.requester;
      const [messages, plan, feedback, endorsement, slots] = await Promise.all([
        listMessages(r.id),
        planItems(r.id),
        feedbackOn(r.id),
        endorsementOf(r.id),
        repo.findSlots(r.id),
      ]);
      out.push({
        id: r.id,
        direction: sent ? 'sent' : 'received',
        openCall: r.openCall,
        topic: d.skill.name,
        kind: KIND_LABELS[r.kind],
        state: STATE_LABELS[r.state],
        otherPerson: other ? other.displayName : null,
        want: r.want,
        tried: r.tried,
        outcome: r.outcome,
        format: r.format,
        durationMinutes: r.durationMinutes,
        proposedTimes: slots.map((s) => s.startsAt),
        session: r.sessionStartsAt,
        closeReason: r.closeReason,
        createdAt: r.createdAt,
        closedAt: r.closedAt,
        messagesYouWrote: messages
          .filter((m) => m.message.authorId === userId && m.message.kind !== 'event')
          .map((m) => ({ at: m.message.createdAt, kind: m.message.kind, body: m.message.body })),
        plan: plan.map((p) => ({ kind: p.kind, text: p.text, dueOn: p.dueOn, doneAt: p.doneAt })),
        feedbackYouGave: feedback
          .filter((f) => f.authorId === userId)
          .map((f) => ({ rating: f.rating, note: f.note, at: f.createdAt })),
        feedbackToYou: feedback
          .filter((f) => f.authorId !== userId)
          .map((f) => ({ rating: f.rating, note: f.note, at: f.createdAt })),
        endorsement: endorsement
          ? { direction: endorsement.endorserId === userId ? 'given' : 'received', at: endorsement.createdAt }
          : null,
      });
    }
    if (page.length < PAGE) return out;
  }
}
