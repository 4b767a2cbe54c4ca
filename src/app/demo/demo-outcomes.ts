import { and, asc, eq, lte } from 'drizzle-orm';
import type { Tx } from '#db/client.ts';
import {
  eventFeedback,
  eventFeedbackTopics,
  events,
  type GoalsMet,
  mentoringRequests,
  mentoringRetrospectives,
  mentorshipItems,
  type RequestState,
  requestFeedback,
  rsvps,
} from '#db/schema/index.ts';
import { labelKind, REQUEST_EXPIRY_MS } from '#features/requests/requests.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { DAY_MS, type DemoContext, seededRandom } from './context.ts';
import { demoId } from './demo-id.ts';
import { type DemoMember, demoMembers } from './demo-members.ts';

/**
 * What /insights measures, for the demo: who came to past events and what they said,
 * a year of ongoing and reverse mentorships with plans and retrospectives, recent
 * requests, and questions on popular topics that nobody answered. Runs after the events
 * and requests steps, with its own seeded random numbers so the rest of the demo stays
 * exactly as it was.
 */

const HOUR = 3_600_000;

const WORKED = [
  'The live coding made it click for me.',
  'Small groups, so everyone got to ask their question.',
  'Real examples from production, not toy code.',
  'The reading list beforehand was exactly the right preparation.',
  'Clear, well paced and friendly to beginners.',
  'The Q&A at the end was the best part.',
  'Pairing with someone more experienced during the exercises.',
  'Honest about what went wrong, which is rare in talks.',
];
const IMPROVE = [
  'A bit more time for the exercises, please.',
  'The audio was hard to follow for the people online.',
  'Share the slides before the session.',
  'Start with a short recap for people new to the topic.',
  'A break halfway through would help.',
  'Fewer slides, more hands-on.',
  'Record it: half my team could not make the time.',
];
const LEARNED = [
  'How to break a big goal into steps I can finish in a week.',
  'That asking early is cheaper than being stuck for days.',
  'A lot about the tool, and more about explaining things simply.',
  'How a senior colleague reads an unfamiliar codebase.',
  'That teaching something is the fastest way to find the gaps in what I know.',
  'Patterns I now use every day at work.',
];
/** Topics attendees ask for next, weighted towards what the demo community lacks. */
const NEXT_TOPICS = [
  'Rust',
  'Rust',
  'Rust',
  'Kubernetes',
  'Kubernetes',
  'Large language models',
  'Large language models',
  'DuckDB',
  'Zig',
  'eBPF',
  'System design',
  'Go',
];
/** Popular topics with questions nobody answered. */
const UNANSWERED_TOPICS = ['Rust', 'Kubernetes', 'DuckDB', 'Zig', 'Large language models', 'eBPF'];

type Random = () => number;
const pickOne = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)]!;
const between = (lo: number, hi: number, random: Random) => lo + Math.floor(random() * (hi - lo + 1));

function weightedRating(random: Random): number {
  const roll = random();
  return roll < 0.45 ? 5 : roll < 0.8 ? 4 : roll < 0.93 ? 3 : roll < 0.98 ? 2 : 1;
}

function skillIdOf(ctx: DemoContext, name: string): number {
  const id = ctx.skillIds.get(normalizeSkillName(name));
  if (id === undefined) throw new Error(`Demo outcomes name a skill that is not in the catalogue: ${name}`);
  return id;
}

function memberId(ctx: DemoContext, handle: string): string {
  const id = ctx.members.get(handle);
  if (!id) throw new Error(`Demo member ${handle} was not seeded`);
  return id;
}

/** Check-ins and feedback for every past published event. */
async function attendAndRate(tx: Tx, ctx: DemoContext, random: Random): Promise<void> {
  const past = await tx
    .select({ id: events.id, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(and(eq(events.status, 'published'), lte(events.endsAt, ctx.now)))
    .orderBy(asc(events.startsAt));
  for (const event of past) {
    await tx
      .update(events)
      .set({ feedbackRequestedAt: new Date(event.endsAt.getTime() + HOUR) })
      .where(eq(events.id, event.id));
    const going = await tx
      .select({ userId: rsvps.userId })
      .from(rsvps)
      .where(and(eq(rsvps.eventId, event.id), eq(rsvps.status, 'going')))
      .orderBy(asc(rsvps.seq));
    const turnout = 0.65 + random() * 0.3;
    const answerRate = 0.55 + random() * 0.25;
    for (const { userId } of going) {
      if (random() > turnout) continue;
      await tx
        .update(rsvps)
        .set({
          attendedAt: new Date(event.startsAt.getTime() + between(-20, 25, random) * 60_000),
          checkInMethod: random() < 0.3 ? 'code' : 'door',
        })
        .where(and(eq(rsvps.eventId, event.id), eq(rsvps.userId, userId)));
      if (random() > answerRate) continue;
      const createdAt = new Date(Math.min(ctx.now.getTime(), event.endsAt.getTime() + between(1, 72, random) * HOUR));
      await tx.insert(eventFeedback).values({
        eventId: event.id,
        userId,
        rating: weightedRating(random),
        worked: random() < 0.7 ? pickOne(WORKED, random) : '',
        improve: random() < 0.5 ? pickOne(IMPROVE, random) : '',
        signed: random() < 0.3,
        createdAt,
      });
      const topics = new Set<string>();
      const wanted = random() < 0.6 ? between(1, 2, random) : 0;
      while (topics.size < wanted) topics.add(pickOne(NEXT_TOPICS, random));
      for (const topic of topics) {
        await tx
          .insert(eventFeedbackTopics)
          .values({ eventId: event.id, userId, skillId: skillIdOf(ctx, topic), createdAt });
      }
    }
  }
}

interface Pair {
  learner: DemoMember;
  teacher: DemoMember;
  skill: string;
}

/** Pairs of a member who wants to learn a skill and one who teaches it. */
function teachingPairs(): Pair[] {
  const people = demoMembers();
  const pairs: Pair[] = [];
  for (const learner of people) {
    for (const s of learner.skills.filter((x) => x.wantsToLearn)) {
      for (const teacher of people) {
        if (teacher.handle !== learner.handle && teacher.skills.some((t) => t.skill === s.skill && t.canTeach))
          pairs.push({ learner, teacher, skill: s.skill });
      }
    }
  }
  return pairs;
}

interface RequestSeed {
  key: string;
  pair: Pair;
  kind: 'adhoc' | 'ongoing';
  state: RequestState;
  createdAt: Date;
  answeredAt: Date | null;
  closedAt: Date;
  openCall?: boolean;
}

async function insertRequest(tx: Tx, ctx: DemoContext, r: RequestSeed): Promise<string> {
  const id = demoId('request-outcome', r.key);
  const { kind, reverseAuto } = labelKind(
    r.kind,
    r.pair.learner.seniority,
    r.openCall ? null : r.pair.teacher.seniority,
  );
  const agreed = r.state === 'completed' || r.state === 'cancelled';
  const fromId = memberId(ctx, r.pair.learner.handle);
  const toId = r.openCall ? null : memberId(ctx, r.pair.teacher.handle);
  const session = agreed && r.answeredAt ? new Date(r.answeredAt.getTime() + 3 * DAY_MS) : null;
  await tx.insert(mentoringRequests).values({
    id,
    requesterId: fromId,
    recipientId: toId,
    openCall: r.openCall ?? false,
    skillId: skillIdOf(ctx, r.pair.skill),
    kind,
    reverseAuto,
    want:
      r.kind === 'ongoing'
        ? `I would like a few months of regular sessions on ${r.pair.skill}, with a plan we agree on.`
        : `Could you help me with ${r.pair.skill}? Half an hour would get me unstuck.`,
    format: 'video',
    durationMinutes: r.kind === 'ongoing' ? 60 : 30,
    timezone: r.pair.learner.timezone,
    state: r.state,
    sessionStartsAt: session,
    sessionZone: session ? r.pair.learner.timezone : null,
    firstAnsweredAt: r.answeredAt,
    acceptedAt: agreed ? r.answeredAt : null,
    closedAt: r.closedAt,
    closedBy: r.state === 'declined' ? toId : r.state === 'expired' ? null : fromId,
    expiresAt: new Date(r.createdAt.getTime() + REQUEST_EXPIRY_MS),
    sequence: session ? 1 : 0,
    createdAt: r.createdAt,
    updatedAt: r.closedAt,
  });
  return id;
}

/** Goals (with milestones), both sides' ratings and retrospectives of a finished mentorship. */
async function planAndLookBack(tx: Tx, ctx: DemoContext, random: Random, id: string, r: RequestSeed): Promise<void> {
  const fromId = memberId(ctx, r.pair.learner.handle);
  const toId = memberId(ctx, r.pair.teacher.handle);
  const started = new Date(r.answeredAt!.getTime() + DAY_MS);
  const completed = r.state === 'completed';
  for (let g = 0; g < between(2, 3, random); g++) {
    const done = completed && random() < 0.7;
    const [goal] = await tx
      .insert(mentorshipItems)
      .values({
        requestId: id,
        kind: 'goal',
        text: [
          `Ship a small ${r.pair.skill} project`,
          `Explain ${r.pair.skill} to my team`,
          'Review real code together',
        ][g]!,
        dueOn: new Date(r.closedAt.getTime() - DAY_MS).toISOString().slice(0, 10),
        doneAt: done ? new Date(r.closedAt.getTime() - DAY_MS) : null,
        doneBy: done ? fromId : null,
        createdBy: fromId,
        createdAt: started,
      })
      .returning({ id: mentorshipItems.id });
    for (let m = 0; m < between(1, 2, random); m++) {
      const mDone = done || random() < 0.5;
      await tx.insert(mentorshipItems).values({
        requestId: id,
        kind: 'milestone',
        goalId: goal!.id,
        text: m === 0 ? 'First working draft' : 'Feedback round',
        doneAt: mDone ? new Date(started.getTime() + 10 * DAY_MS) : null,
        doneBy: mDone ? toId : null,
        createdBy: toId,
        createdAt: started,
      });
    }
  }
  if (!completed) return;
  const after = (hours: number) => new Date(Math.min(ctx.now.getTime(), r.closedAt.getTime() + hours * HOUR));
  for (const author of [fromId, toId]) {
    await tx.insert(requestFeedback).values({
      requestId: id,
      authorId: author,
      rating: random() < 0.7 ? 5 : 4,
      note: author === fromId ? 'Thank you for your time and patience.' : 'A pleasure: great questions throughout.',
      createdAt: after(between(2, 30, random)),
    });
    if (random() < 0.85) {
      const roll = random();
      const goalsMet: GoalsMet = roll < 0.55 ? 'yes' : roll < 0.9 ? 'partly' : 'no';
      await tx.insert(mentoringRetrospectives).values({
        requestId: id,
        authorId: author,
        goalsMet,
        learned: pickOne(LEARNED, random),
        wouldRepeat: random() < 0.88,
        createdAt: after(between(4, 48, random)),
      });
    }
  }
}

/** A year of mentorships, a month of ad-hoc requests, and unanswered questions on popular topics. */
async function requestHistory(tx: Tx, ctx: DemoContext, random: Random): Promise<void> {
  const pairs = teachingPairs();
  const day = (daysAgo: number, hour = 10) => new Date(ctx.now.getTime() - daysAgo * DAY_MS - hour * HOUR);
  // Ongoing and reverse mentorships, three or four a month, all finished.
  for (let i = 0; i < 40; i++) {
    const pair = pickOne(pairs, random);
    const createdAt = day(between(40, 360, random));
    const answeredAt = new Date(createdAt.getTime() + between(2, 40, random) * HOUR);
    const closedAt = new Date(
      Math.min(ctx.now.getTime() - 2 * DAY_MS, answeredAt.getTime() + between(30, 90, random) * DAY_MS),
    );
    const r: RequestSeed = {
      key: `mentorship-${i}`,
      pair,
      kind: 'ongoing',
      state: random() < 0.82 ? 'completed' : 'cancelled',
      createdAt,
      answeredAt,
      closedAt,
    };
    await planAndLookBack(tx, ctx, random, await insertRequest(tx, ctx, r), r);
  }
  // Ad-hoc questions in the last six weeks, so the short periods have something to show.
  for (let i = 0; i < 45; i++) {
    const pair = pickOne(pairs, random);
    const daysAgo = between(3, 44, random);
    const createdAt = day(daysAgo);
    const roll = random();
    const state: RequestState =
      daysAgo >= 15 && roll < 0.15 ? 'expired' : roll < 0.7 ? 'completed' : roll < 0.85 ? 'declined' : 'withdrawn';
    const answeredAt =
      state === 'expired' || state === 'withdrawn'
        ? null
        : new Date(createdAt.getTime() + between(1, 30, random) * HOUR);
    const closedAt =
      state === 'expired'
        ? new Date(createdAt.getTime() + REQUEST_EXPIRY_MS)
        : new Date(Math.min(ctx.now.getTime() - HOUR, createdAt.getTime() + 2 * DAY_MS));
    const id = await insertRequest(tx, ctx, {
      key: `recent-${i}`,
      pair,
      kind: 'adhoc',
      state,
      createdAt,
      answeredAt,
      closedAt,
    });
    if (state === 'completed') {
      await tx.insert(requestFeedback).values({
        requestId: id,
        authorId: memberId(ctx, pair.learner.handle),
        rating: weightedRating(random),
        note: 'Thanks, that unblocked me.',
        createdAt: closedAt,
      });
    }
  }
  // Questions on popular topics that nobody answered: demand the insights page surfaces.
  const people = demoMembers();
  for (let i = 0; i < 24; i++) {
    const topic = UNANSWERED_TOPICS[i % UNANSWERED_TOPICS.length]!;
    const learners = people.filter((p) => p.skills.some((s) => s.skill === topic && s.wantsToLearn));
    const learner = pickOne(learners.length > 0 ? learners : people, random);
    const teachers = people.filter(
      (p) => p.handle !== learner.handle && p.skills.some((s) => s.skill === topic && s.canTeach),
    );
    const openCall = teachers.length === 0 || random() < 0.5;
    const createdAt = day(between(16, 330, random));
    await insertRequest(tx, ctx, {
      key: `unanswered-${i}`,
      pair: { learner, teacher: openCall ? learner : pickOne(teachers, random), skill: topic },
      kind: 'adhoc',
      state: 'expired',
      createdAt,
      answeredAt: null,
      closedAt: new Date(createdAt.getTime() + REQUEST_EXPIRY_MS),
      openCall,
    });
  }
}

/** The insights step of the demo (a DEMO_STEPS step). */
export async function seedDemoOutcomes(ctx: DemoContext): Promise<void> {
  const random = seededRandom(20261313);
  await ctx.db.transaction(async (tx) => {
    await attendAndRate(tx, ctx, random);
    await requestHistory(tx, ctx, random);
  });
}
