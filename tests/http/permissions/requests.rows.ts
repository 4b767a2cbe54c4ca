import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { mentoringRequests, mentoringSessions, mentorshipItems, reports } from '#db/schema/index.ts';
import { generateId } from '#server/auth/tokens.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createMember, createRequest, type Member, type RequestSpec } from '#tests/helpers/factories.ts';
import { type ActionRow, type Actor, only, ownerFor, type PageRow, type World } from './matrix.ts';

/**
 * Requests, their threads, plans and sessions: private to their two participants. Here
 * the owner is the participant a rule is for (the recipient who accepts, the requester
 * who withdraws…); the other participant is someone outside the six. Everyone else gets
 * a 404, as if the request did not exist. (tests/http/requests-permissions.test.ts holds
 * the finer rules between the two participants.)
 */

const DAY = 86_400_000;
const PARTICIPANT = only(['owner']);
const SELF = only(['member', 'owner', 'moderator', 'admin']);
const field = (fields: unknown, name: string) => (fields as Record<string, string>)[name]!;
const stateOf = async (world: World, id: string) =>
  (await world.db.select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get())!.state;

/** A request with the actor's owner on `side` and a fresh member on the other. */
async function requestFor(
  world: World,
  actor: Actor,
  side: 'recipient' | 'requester',
  spec: Partial<RequestSpec> = {},
): Promise<{ id: string; other: Member }> {
  const other = await createMember({ skills: [{ skill: 'Bun', canTeach: true }], capacityOpenRequests: 50 }, world.db);
  const me = ownerFor(world, actor);
  const id = await createRequest(
    {
      requester: side === 'requester' ? me : other,
      recipient: side === 'recipient' ? me : other,
      slots: [new Date(Date.now() + 3 * DAY)],
      ...spec,
    },
    world.db,
  );
  return { id, other };
}

/** An accepted ongoing mentorship with the owner as requester; its scheduled session. */
async function mentorship(world: World, actor: Actor) {
  const { id, other } = await requestFor(world, actor, 'requester', {
    kind: 'ongoing',
    state: 'accepted',
    sessionStartsAt: new Date(Date.now() + 5 * DAY),
  });
  const session = await world.db.select().from(mentoringSessions).where(eq(mentoringSessions.requestId, id)).get();
  return { id, other, sessionId: session!.id };
}

const later = (days: number) => toLocalInputValue(new Date(Date.now() + days * DAY), 'UTC');

/** [action, side the owner is on, state of the request, form]: the simple rows, all participant-only. */
const simple: [
  string,
  'recipient' | 'requester',
  Partial<RequestSpec>,
  (id: string) => Record<string, string>,
  string?,
][] = [
  ['requests.accept', 'recipient', {}, (id) => ({ id, choice: 'slot-1' }), 'accepted'],
  ['requests.decline', 'recipient', {}, (id) => ({ id, phrase: 'busy' }), 'declined'],
  ['requests.askDetails', 'recipient', {}, (id) => ({ id, question: 'Which version?' })],
  ['requests.withdraw', 'requester', {}, (id) => ({ id }), 'withdrawn'],
  ['requests.cancel', 'requester', { state: 'accepted' }, (id) => ({ id, reason: 'Ill' }), 'cancelled'],
  ['requests.complete', 'requester', { state: 'accepted' }, (id) => ({ id }), 'completed'],
  ['requests.message', 'requester', {}, (id) => ({ id, body: 'Hello there' })],
  ['requests.feedback', 'requester', { state: 'completed' }, (id) => ({ id, rating: '5' })],
  ['requests.endorse', 'requester', { state: 'completed' }, (id) => ({ id })],
  [
    'requests.retrospective',
    'requester',
    { state: 'completed', kind: 'ongoing' },
    (id) => ({ id, goalsMet: 'partly', learned: 'A lot.', wouldRepeat: 'yes' }),
  ],
  [
    'requests.addPlanItem',
    'requester',
    { state: 'accepted', kind: 'ongoing' },
    (id) => ({ id, kind: 'checkin', text: 'Weekly check-in', dueOn: '2030-01-10' }),
  ],
];

export const rows: ActionRow[] = [
  // First: the owner's fixtures below are open requests, and a member may have only five waiting.
  {
    action: 'requests.create',
    expect: SELF,
    fields: async (world) => {
      const helper = await createMember({ skills: [{ skill: 'Bun', canTeach: true }] }, world.db);
      return {
        to: helper.handle,
        topic: 'Bun',
        kind: 'adhoc',
        want: 'Walk me through deploying a Bun server, please.',
        format: 'video',
        duration: '30',
        timezone: 'UTC',
        slot1: later(3),
      };
    },
  },
  ...simple.map(
    ([action, side, spec, form, after]): ActionRow => ({
      action,
      expect: PARTICIPANT,
      fields: async (world, actor) => form((await requestFor(world, actor, side, spec)).id),
      effect: after
        ? async (world, _a, fields) => expect(await stateOf(world, field(fields, 'id'))).toBe(after)
        : undefined,
    }),
  ),
  {
    action: 'requests.togglePlanItem',
    expect: PARTICIPANT,
    fields: async (world, actor) => {
      const { id } = await requestFor(world, actor, 'requester', { state: 'accepted', kind: 'ongoing' });
      const [item] = await world.db
        .insert(mentorshipItems)
        .values({ requestId: id, kind: 'checkin', text: 'Weekly check-in', dueOn: '2030-01-10' })
        .returning({ id: mentorshipItems.id });
      return { id, itemId: String(item!.id) };
    },
  },
  {
    action: 'requests.resolveReports',
    // Moderators close the reports on a request; participants may not (403), strangers see nothing (404).
    expect: only(['moderator', 'admin'], { owner: 403 }),
    fields: async (world, actor) => {
      const { id, other } = await requestFor(world, actor, 'requester');
      await world.db.insert(reports).values({
        subjectKind: 'request',
        subjectId: id,
        subjectOwnerId: ownerFor(world, actor).id,
        requestId: id,
        reporterId: other.id,
        reason: 'other',
        details: 'Please look.',
        snapshot: { title: 'A request', url: `/requests/${id}`, fields: [] },
      });
      return { id };
    },
  },
  {
    action: 'sessions.propose',
    expect: PARTICIPANT,
    fields: async (world, actor) => ({ id: (await mentorship(world, actor)).id, startsAt: later(12), timezone: 'UTC' }),
  },
  {
    action: 'sessions.answer',
    // The other side proposed a session; the owner accepts it.
    expect: PARTICIPANT,
    fields: async (world, actor) => {
      const { id, other } = await mentorship(world, actor);
      const sessionId = generateId();
      await world.db.insert(mentoringSessions).values({
        id: sessionId,
        requestId: id,
        position: 2,
        helperId: other.id,
        startsAt: new Date(Date.now() + 9 * DAY),
        durationMinutes: 30,
        timezone: 'UTC',
        state: 'proposed',
        proposedBy: other.id,
      });
      return { id, sessionId, answer: 'accept' };
    },
  },
  {
    action: 'sessions.reschedule',
    expect: PARTICIPANT,
    fields: async (world, actor) => {
      const { id, sessionId } = await mentorship(world, actor);
      return { id, sessionId, startsAt: later(7), timezone: 'UTC' };
    },
  },
  {
    action: 'sessions.answerMove',
    // The other side asked to move the session; the owner accepts the new time.
    expect: PARTICIPANT,
    fields: async (world, actor) => {
      const { id, other, sessionId } = await mentorship(world, actor);
      await world.db
        .update(mentoringSessions)
        .set({ state: 'moving', moveBy: other.id, moveStartsAt: new Date(Date.now() + 8 * DAY), moveTimezone: 'UTC' })
        .where(eq(mentoringSessions.id, sessionId));
      return { id, sessionId, answer: 'accept' };
    },
  },
  {
    action: 'sessions.cancel',
    expect: PARTICIPANT,
    fields: async (world, actor) => {
      const { id, sessionId } = await mentorship(world, actor);
      return { id, sessionId, reason: 'Travelling.' };
    },
    effect: async (world, _actor, fields) => {
      const row = await world.db
        .select()
        .from(mentoringSessions)
        .where(eq(mentoringSessions.id, field(fields, 'sessionId')))
        .get();
      expect(row!.state).toBe('cancelled');
    },
  },
];

export const pages: PageRow[] = [
  {
    page: '/requests/[id]',
    expect: { visitor: 'signin', member: 404, owner: 200, moderator: 404, admin: 404, suspended: 'notice' },
    path: async (world, actor) =>
      `/requests/${(await requestFor(world, actor, 'requester', { state: 'accepted' })).id}`,
  },
  {
    page: '/requests/[id].ics',
    expect: { visitor: 'signin', member: 404, owner: 200, moderator: 404, admin: 404, suspended: 'notice' },
    path: async (world, actor) =>
      `/requests/${(await requestFor(world, actor, 'requester', { state: 'accepted' })).id}.ics`,
  },
];
