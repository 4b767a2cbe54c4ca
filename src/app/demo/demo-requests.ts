import type { Tx } from '#db/client.ts';
import {
  endorsements,
  memberBlocks,
  mentoringRequests,
  mentorshipItems,
  notifications,
  type RequestKind,
  type RequestState,
  reports,
  requestFeedback,
  requestMessages,
  requestSlots,
} from '#db/schema/index.ts';
import { kindLabel, labelReverse, REQUEST_EXPIRY_MS, requestTitle } from '#features/requests/requests.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { toLocalInputValue, zonedTimeToUtc } from '#server/time/zones.ts';
import { DAY_MS, type DemoContext } from './context.ts';
import { demoId } from './demo-id.ts';
import { type DemoMember, demoMembers } from './demo-members.ts';
import { STORIES, type Story } from './request-stories.ts';

const HOUR = 3_600_000;

function findMember(handle: string): DemoMember {
  const m = demoMembers().find((p) => p.handle === handle);
  if (!m) throw new Error(`Demo requests name an unknown member: ${handle}`);
  return m;
}

/** An instant `days` from the seeding clock at `hour` o'clock in `zone`. */
function at(ctx: DemoContext, days: number, hour: number, zone: string): Date {
  const date = toLocalInputValue(new Date(ctx.now.getTime() + days * DAY_MS), zone).slice(0, 10);
  return zonedTimeToUtc(`${date}T${String(hour).padStart(2, '0')}:00`, zone)!.instant;
}

function ids(ctx: DemoContext, handle: string): string {
  const id = ctx.members.get(handle);
  if (!id) throw new Error(`Demo member ${handle} was not seeded`);
  return id;
}

function skillId(ctx: DemoContext, name: string): number {
  const id = ctx.skillIds.get(normalizeSkillName(name));
  if (id === undefined) throw new Error(`Demo requests name a skill that is not in the catalogue: ${name}`);
  return id;
}

async function insertStory(tx: Tx, ctx: DemoContext, s: Story): Promise<void> {
  const id = demoId('request', s.key);
  const requester = findMember(s.from);
  const recipient = s.to ? findMember(s.to) : null;
  const createdAt = new Date(ctx.now.getTime() - s.daysAgo * DAY_MS - 5 * HOUR);
  const answeredAt =
    s.answeredAfterHours !== undefined ? new Date(createdAt.getTime() + s.answeredAfterHours * HOUR) : null;
  const closedAt = ['open', 'accepted'].includes(s.state)
    ? null
    : new Date(Math.min(ctx.now.getTime() - HOUR, createdAt.getTime() + 6 * DAY_MS));
  const session = s.session ? at(ctx, s.session[0], s.session[1], requester.timezone) : null;
  const kind = s.kind;
  const { reverse, reverseAuto } = labelReverse(
    s.reverse ?? false,
    requester.seniority,
    recipient && !s.pickedUp ? recipient.seniority : null,
  );
  const fromId = ids(ctx, s.from);
  const toId = s.to ? ids(ctx, s.to) : null;
  const updatedAt = closedAt ?? (answeredAt && answeredAt > createdAt ? answeredAt : createdAt);
  await tx.insert(mentoringRequests).values({
    id,
    requesterId: fromId,
    recipientId: toId,
    openCall: !s.to || s.pickedUp === true,
    skillId: skillId(ctx, s.skill),
    kind,
    reverse,
    reverseAuto,
    want: s.want,
    tried: s.tried ?? '',
    outcome: s.outcome ?? '',
    format: s.format,
    durationMinutes: s.minutes,
    timezone: requester.timezone,
    state: s.state,
    sessionStartsAt: session,
    sessionZone: session ? requester.timezone : null,
    closeReason: s.reason ?? null,
    closedBy:
      (
        { completed: fromId, declined: toId, withdrawn: fromId, cancelled: toId } as Partial<
          Record<RequestState, string | null>
        >
      )[s.state] ?? null,
    firstAnsweredAt: answeredAt,
    acceptedAt: session ? answeredAt : null,
    closedAt,
    expiresAt: new Date(createdAt.getTime() + REQUEST_EXPIRY_MS),
    sequence: session ? (s.state === 'cancelled' ? 2 : 1) : 0,
    createdAt,
    updatedAt,
  });
  for (const [i, [days, hour]] of (s.slots ?? []).entries()) {
    await tx
      .insert(requestSlots)
      .values({ requestId: id, position: i + 1, startsAt: at(ctx, days, hour, requester.timezone) });
  }
  if (answeredAt && session) {
    await tx.insert(requestMessages).values({
      requestId: id,
      authorId: toId,
      kind: 'event',
      body: s.pickedUp ? 'picked up the open call' : 'accepted the request',
      createdAt: answeredAt,
    });
  }
  // The conversation follows the answer (or the request, when it was a question first).
  let clock = answeredAt && !session ? answeredAt.getTime() - 3 * HOUR : (answeredAt ?? createdAt).getTime();
  for (const [who, body, kindOf] of s.thread ?? []) {
    clock += 3 * HOUR;
    await tx.insert(requestMessages).values({
      requestId: id,
      authorId: who === 'from' ? fromId : toId,
      kind: kindOf ?? 'message',
      body,
      createdAt: new Date(Math.min(clock, ctx.now.getTime() - HOUR)),
    });
  }
  if (closedAt) {
    const event: Partial<Record<RequestState, [string | null, string]>> = {
      completed: [fromId, 'marked it completed'],
      declined: [toId, 'declined the request'],
      withdrawn: [fromId, 'withdrew the request'],
      cancelled: [toId, 'cancelled the session'],
      expired: [null, 'The request expired without an answer.'],
    };
    const [authorId, body] = event[s.state]!;
    await tx.insert(requestMessages).values({ requestId: id, authorId, kind: 'event', body, createdAt: closedAt });
  }
  if (s.feedback && toId && closedAt) {
    const after = new Date(closedAt.getTime() + 2 * HOUR);
    if (s.feedback.from)
      await tx.insert(requestFeedback).values({
        requestId: id,
        authorId: fromId,
        rating: s.feedback.from[0],
        note: s.feedback.from[1],
        createdAt: after,
      });
    if (s.feedback.to)
      await tx
        .insert(requestFeedback)
        .values({ requestId: id, authorId: toId, rating: s.feedback.to[0], note: s.feedback.to[1], createdAt: after });
    if (s.feedback.endorse)
      await tx.insert(endorsements).values({
        requestId: id,
        endorserId: fromId,
        endorseeId: toId,
        skillId: skillId(ctx, s.skill),
        createdAt: after,
      });
  }
  for (const goal of s.plan?.goals ?? []) {
    const [row] = await tx
      .insert(mentorshipItems)
      .values({
        requestId: id,
        kind: 'goal',
        text: goal.text,
        dueOn: toLocalInputValue(new Date(ctx.now.getTime() + goal.due * DAY_MS), 'UTC').slice(0, 10),
        doneAt: goal.done ? createdAt : null,
        createdBy: fromId,
        createdAt,
      })
      .returning({ id: mentorshipItems.id });
    for (const [text, done] of goal.milestones ?? []) {
      await tx.insert(mentorshipItems).values({
        requestId: id,
        kind: 'milestone',
        goalId: row!.id,
        text,
        doneAt: done ? new Date(ctx.now.getTime() - 3 * DAY_MS) : null,
        doneBy: done ? toId : null,
        createdBy: toId,
        createdAt,
      });
    }
  }
  for (const [days, text, done] of s.plan?.checkins ?? []) {
    const dueOn = toLocalInputValue(new Date(ctx.now.getTime() + days * DAY_MS), 'UTC').slice(0, 10);
    await tx.insert(mentorshipItems).values({
      requestId: id,
      kind: 'checkin',
      text,
      dueOn,
      doneAt: done ? new Date(ctx.now.getTime() + Math.min(days, 0) * DAY_MS) : null,
      doneBy: done ? fromId : null,
      createdBy: toId,
      createdAt,
    });
  }
  if (s.report && toId) {
    const requester = findMember(s.from);
    await tx.insert(reports).values({
      subjectKind: 'request',
      subjectId: id,
      subjectOwnerId: fromId,
      requestId: id,
      reporterId: toId,
      reason: 'spam',
      details: s.report,
      snapshot: {
        title: `${requestTitle(kind, reverse, s.skill)}, by ${requester.displayName}`,
        url: `/requests/${id}`,
        fields: [{ label: 'What they want', value: s.want }],
      },
      createdAt: new Date(ctx.now.getTime() - 2 * DAY_MS),
    });
    // …and blocked them, so /settings/blocks has someone in it.
    await tx
      .insert(memberBlocks)
      .values({ blockerId: toId, blockedId: fromId, createdAt: new Date(ctx.now.getTime() - 2 * DAY_MS) });
  }
  await insertInbox(tx, ctx, s, { id, kind, reverse, fromId, toId, createdAt, answeredAt });
}

/** A few inbox entries per story, so demo members open an inbox with something in it. */
async function insertInbox(
  tx: Tx,
  ctx: DemoContext,
  s: Story,
  {
    id,
    kind,
    reverse,
    fromId,
    toId,
    createdAt,
    answeredAt,
  }: {
    id: string;
    kind: RequestKind;
    reverse: boolean;
    fromId: string;
    toId: string | null;
    createdAt: Date;
    answeredAt: Date | null;
  },
) {
  const requester = findMember(s.from);
  const url = `/requests/${id}`;
  const rows: (typeof notifications.$inferInsert)[] = [];
  const old = s.daysAgo > 7;
  if (toId && !s.pickedUp) {
    rows.push({
      userId: toId,
      kind: 'request.received',
      title: `${requester.displayName} asks you for ${kindLabel(kind, reverse).toLowerCase()} on ${s.skill}`,
      body: s.want.slice(0, 280),
      url,
      actorId: fromId,
      createdAt,
      readAt: s.state === 'open' && !old ? null : createdAt,
    });
  }
  if (answeredAt && toId) {
    const helper = findMember(s.to!);
    const title =
      s.state === 'declined'
        ? `${helper.displayName} can't help with ${s.skill} this time`
        : s.pickedUp
          ? `${helper.displayName} picked up your open call on ${s.skill}`
          : `${helper.displayName} accepted your request on ${s.skill}`;
    rows.push({
      userId: fromId,
      kind: s.state === 'declined' ? 'request.declined' : 'request.accepted',
      title,
      body: '',
      url,
      actorId: toId,
      createdAt: answeredAt,
      readAt: old ? answeredAt : null,
    });
  }
  if (s.feedback?.endorse && toId) {
    rows.push({
      userId: toId,
      kind: 'request.endorsed',
      title: `${requester.displayName} endorsed you for ${s.skill}`,
      body: 'It shows on your profile with your track record.',
      url,
      actorId: fromId,
      createdAt: new Date(ctx.now.getTime() - (s.daysAgo - 6) * DAY_MS),
      readAt: null,
    });
  }
  if (rows.length > 0) await tx.insert(notifications).values(rows);
}

/**
 * History behind the stories: past requests between members who teach and members
 * who want to learn, so track records and responsiveness have something to show.
 */
async function insertHistory(tx: Tx, ctx: DemoContext): Promise<void> {
  const people = demoMembers();
  const teachers = people.filter((p) => p.skills.some((s) => s.canTeach) && p.capacityOpenRequests > 0);
  for (let i = 0; i < 60; i++) {
    const teacher = teachers[Math.floor(ctx.random() * teachers.length)]!;
    const taught = teacher.skills.filter((s) => s.canTeach);
    const skill = taught[Math.floor(ctx.random() * taught.length)]!;
    const learners = people.filter(
      (p) => p.handle !== teacher.handle && p.skills.some((s) => s.skill === skill.skill && s.wantsToLearn),
    );
    const pool = learners.length > 0 ? learners : people.filter((p) => p.handle !== teacher.handle);
    const learner = pool[Math.floor(ctx.random() * pool.length)]!;
    const roll = ctx.random();
    const state: RequestState = roll < 0.72 ? 'completed' : roll < 0.86 ? 'declined' : 'expired';
    const daysAgo = 45 + Math.floor(ctx.random() * 300);
    const createdAt = new Date(ctx.now.getTime() - daysAgo * DAY_MS);
    const answeredAt =
      state === 'expired' ? null : new Date(createdAt.getTime() + (1 + Math.floor(ctx.random() * 40)) * HOUR);
    const session =
      state === 'completed' ? new Date(createdAt.getTime() + (3 + Math.floor(ctx.random() * 7)) * DAY_MS) : null;
    const closedAt = session
      ? new Date(session.getTime() + DAY_MS)
      : new Date(createdAt.getTime() + (answeredAt ? 1 : 14) * DAY_MS);
    const { reverse, reverseAuto } = labelReverse(false, learner.seniority, teacher.seniority);
    const id = demoId('request-history', String(i));
    const fromId = ids(ctx, learner.handle);
    const toId = ids(ctx, teacher.handle);
    await tx.insert(mentoringRequests).values({
      id,
      requesterId: fromId,
      recipientId: toId,
      skillId: skillId(ctx, skill.skill),
      kind: 'adhoc',
      reverse,
      reverseAuto,
      want: `Could you help me with ${skill.skill}? I am stuck on a project at work and would value half an hour of your time.`,
      format: ctx.random() < 0.7 ? 'video' : 'chat',
      durationMinutes: [30, 45, 60][Math.floor(ctx.random() * 3)]!,
      timezone: learner.timezone,
      state,
      sessionStartsAt: session,
      sessionZone: session ? learner.timezone : null,
      firstAnsweredAt: answeredAt,
      acceptedAt: session ? answeredAt : null,
      closedAt,
      closedBy: state === 'completed' ? fromId : state === 'declined' ? toId : null,
      expiresAt: new Date(createdAt.getTime() + REQUEST_EXPIRY_MS),
      sequence: session ? 1 : 0,
      createdAt,
      updatedAt: closedAt,
    });
    if (state === 'completed') {
      await tx.insert(requestFeedback).values({
        requestId: id,
        authorId: fromId,
        rating: ctx.random() < 0.75 ? 5 : 4,
        note: 'Thank you, this helped a lot.',
        createdAt: closedAt,
      });
      if (ctx.random() < 0.6) {
        await tx.insert(endorsements).values({
          requestId: id,
          endorserId: fromId,
          endorseeId: toId,
          skillId: skillId(ctx, skill.skill),
          createdAt: closedAt,
        });
      }
    }
  }
}

/** The mentoring requests of the demo community (a DEMO_STEPS step). */
export async function seedDemoRequests(ctx: DemoContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const story of STORIES) await insertStory(tx, ctx, story);
    await insertHistory(tx, ctx);
  });
}
