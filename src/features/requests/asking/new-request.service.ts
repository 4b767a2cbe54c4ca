import { type AskState, askStateFor, findMember, findVisibleMember } from '#features/members/members.service.ts';
import { isMoreSenior } from '#features/members/seniority.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { teachableSkills } from '#features/profiles/member-skills.service.ts';
import { bookingFor } from '#features/requests/booking/booking.service.ts';
import { allSkillNames, findSkillByTopic } from '#features/skills/skills.service.ts';
import { AppError } from '#server/errors.ts';
import { formatTime } from '#server/time/format.ts';

/**
 * What /requests/new needs: the requester's zone, the member asked (for a direct
 * request) and whether they can be asked now, the topic from the link, and topic
 * suggestions (the member's teachable skills, or the whole catalogue for an open call).
 */
export async function getNewRequestForm(
  actor: MemberViewer,
  query: { to?: string | undefined; topic?: string | undefined },
  now = new Date(),
) {
  const me = await findMember(actor.id);
  if (!me) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  const recipient = query.to ? await findVisibleMember(query.to, actor) : null;
  if (query.to && !recipient) throw new AppError('NOT_FOUND', 'There is no member with that handle.');
  const [topic, teaches, askState] = await Promise.all([
    query.topic ? findSkillByTopic(query.topic) : null,
    recipient ? teachableSkills(recipient.id) : [],
    recipient ? askStateFor(me.id, recipient, now) : ({ kind: 'open' } as AskState),
  ]);
  const booking = recipient && askState.kind === 'open' ? await bookingFor(recipient.id, now) : null;
  const suggestions = recipient && teaches.length > 0 ? teaches.map((s) => s.name) : await allSkillNames();
  return {
    me,
    recipient,
    askState,
    topic: topic ?? null,
    teaches,
    suggestions,
    /** Sending this would be labelled reverse mentoring, whatever kind is picked. */
    autoReverse: recipient ? isMoreSenior(me.seniority, recipient.seniority) : false,
    /** The helper's free slots by day in the requester's zone, when they publish bookable time. */
    booking: booking && {
      sessionMinutes: booking.sessionMinutes,
      days: slotsByDay(booking.slots, me.timezone, recipient?.timezone ?? null),
    },
  };
}

/** Free slots grouped by the requester's local day, each with the helper's local time when it differs. */
function slotsByDay(slots: Date[], zone: string, helperZone: string | null) {
  const days: { day: string; slots: { iso: string; time: string; theirs: string | null }[] }[] = [];
  const dayName = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone });
  for (const at of slots) {
    const day = dayName.format(at);
    if (days.at(-1)?.day !== day) days.push({ day, slots: [] });
    const theirs = helperZone && helperZone !== zone ? formatTime(at, helperZone) : null;
    days.at(-1)!.slots.push({ iso: at.toISOString(), time: formatTime(at, zone), theirs });
  }
  return days;
}
