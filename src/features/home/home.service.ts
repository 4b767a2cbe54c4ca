import { ownFace } from '#features/avatars/avatars.service.ts';
import { myEvents } from '#features/events/event-views.service.ts';
import { getSuggestedMatches } from '#features/matches/matches.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { listEditableSkills } from '#features/profiles/member-skills.service.ts';
import { getProfileForEditing } from '#features/profiles/profiles.service.ts';
import { listMyRequests } from '#features/requests/my-requests/my-requests.service.ts';
import { listOpenCallsFor } from '#features/requests/open-calls/open-calls.service.ts';
import { newcomerSteps } from './home.ts';

/* A member's own home (`/` signed in): what waits for them, what comes next, what they could do. */

const SHOWN = 4;

/**
 * Everything the member's home shows, each part from the feature that owns it: requests
 * waiting for their answer, their next session and event (waitlist places too), open calls
 * on topics they teach, a few suggested matches, and the steps to a useful profile.
 */
export async function getMemberHome(viewer: MemberViewer, now = new Date()) {
  const [waiting, accepted, events, calls, matches, profile, skills, face] = await Promise.all([
    listMyRequests(viewer.id, { role: 'received', state: 'open', page: 1 }),
    listMyRequests(viewer.id, { role: 'all', state: 'accepted', page: 1 }),
    myEvents(viewer, now),
    listOpenCallsFor(viewer.id, { limit: SHOWN }),
    getSuggestedMatches(viewer.id, now, 3),
    getProfileForEditing(viewer.id),
    listEditableSkills(viewer.id),
    ownFace(viewer),
  ]);
  const sessions = accepted.items
    .filter((d) => d.request.sessionStartsAt && d.request.sessionStartsAt > now)
    .sort((a, b) => a.request.sessionStartsAt!.getTime() - b.request.sessionStartsAt!.getTime());
  const going = events.attending.filter((e) => e.rsvp === 'going');
  return {
    zone: waiting.zone,
    face,
    waiting: { items: waiting.items.slice(0, SHOWN), total: waiting.waitingForMe },
    nextSession: sessions[0] ?? null,
    nextEvent: going[0] ?? null,
    waitlisted: events.attending.filter((e) => e.rsvp === 'waitlisted'),
    invitations: events.invited,
    openCalls: calls.items,
    teachesSomething: calls.taughtSkillIds.length > 0,
    matches: matches.matches,
    steps: newcomerSteps({
      profileSetUp: profile.profile.setUpAt !== null,
      skills: skills.length,
      teaches: skills.some((s) => s.canTeach),
      hasPicture: face.avatarKey !== null,
    }),
  };
}
