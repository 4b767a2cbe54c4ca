import { eq } from 'drizzle-orm';
import { normalizeSkillName } from '../../../src/features/skills/skills.ts';
import { KIND_LABELS, REQUEST_EXPIRY_MS, labelKind } from '../../../src/features/requests/requests.ts';
import { toLocalInputValue, zonedTimeToUtc } from '../../../src/server/time/zones.ts';
import type { Tx } from '../../client.ts';
import {
  endorsements,
  memberBlocks,
  mentoringRequests,
  mentorshipItems,
  notifications,
  requestFeedback,
  requestMessages,
  requestReports,
  requestSlots,
  users,
  type RequestFormat,
  type RequestKind,
  type RequestState,
} from '../../schema/index.ts';
import { DAY_MS, type DemoContext } from './context.ts';
import { demoId } from './index.ts';
import { demoMembers, type DemoMember } from './members.ts';

const HOUR = 3_600_000;

interface Story {
  key: string;
  from: string;
  /** Omit for an open call nobody has picked up. */
  to?: string;
  pickedUp?: boolean;
  skill: string;
  kind: RequestKind;
  state: RequestState;
  format: RequestFormat;
  minutes: number;
  daysAgo: number;
  want: string;
  tried?: string;
  outcome?: string;
  /** Proposed slots: [days from now, local hour in the requester's zone]. */
  slots?: [number, number][];
  /** For accepted/completed/cancelled: the session, [days from now (negative = past), local hour]. */
  session?: [number, number];
  answeredAfterHours?: number;
  reason?: string;
  thread?: [who: 'from' | 'to', text: string, kind?: 'question'][];
  feedback?: { from?: [number, string]; to?: [number, string]; endorse?: boolean };
  /** A participant reported it (the "to" side); the demo moderator sees it in the queue. */
  report?: string;
  plan?: { goals: { text: string; due: number; done?: boolean; milestones?: [string, boolean][] }[]; checkins: [number, string, boolean][] };
}

/** Hand-written requests in every state: the demo's stories, reverse mentoring first. */
const STORIES: Story[] = [
  {
    key: 'amara-bun', from: 'amara-okafor', to: 'tunde-adeyemi', skill: 'Bun', kind: 'adhoc', state: 'completed', format: 'video', minutes: 45, daysAgo: 24,
    want: 'Our internal payout scripts run on Node with a pile of dev dependencies. I would like to see whether Bun can run them as they are, and what breaks.',
    tried: 'Ran `bun install` on one repo; the lockfile migrated but two tests hang.',
    outcome: 'A go/no-go for moving the scripts, and a list of the gotchas.',
    session: [-18, 17], answeredAfterHours: 3,
    thread: [['to', 'Happy to! Can you push the two hanging tests to a branch? I suspect a timer that never gets unref’d.'], ['from', 'Pushed to `bun-trial`. Thank you for doing this.'], ['to', 'Found it: `setInterval` in the metrics client. Bun exits differently. See you Thursday!']],
    feedback: { from: [5, 'Tunde found in ten minutes what I had been stuck on for a week, and explained why. Exactly what I hoped for.'], to: [5, 'Great questions, and you had everything ready. Fun session!'], endorse: true },
  },
  {
    key: 'oliver-htmx', from: 'oliver-bennett', to: 'diego-hernandez', skill: 'htmx', kind: 'adhoc', state: 'completed', format: 'video', minutes: 60, daysAgo: 40,
    want: 'I maintain a Rails app with Hotwire. I want to understand where htmx would be simpler, with a real page of ours as the example.',
    outcome: 'One page rewritten with htmx so the team can compare.',
    session: [-33, 16], answeredAfterHours: 6,
    feedback: { from: [5, 'Patient, clear, and very practical. Diego knows htmx inside out.'], to: [4, 'Thanks for the interesting comparison with Hotwire.'], endorse: true },
  },
  {
    key: 'miguel-htmx', from: 'miguel-santos', to: 'hamza-qureshi', skill: 'htmx', kind: 'adhoc', state: 'accepted', format: 'video', minutes: 30, daysAgo: 3,
    want: 'Our Laravel admin has grown a lot of jQuery. Could you show me how you would replace the filters page with htmx?',
    tried: 'Read the htmx docs and the Laravel examples; not sure how to handle validation errors.',
    slots: [[3, 10], [4, 14]], session: [3, 10], answeredAfterHours: 5,
    thread: [['to', 'Sure! Send me the Blade template of the filters page if you can.'], ['from', 'Sent by email. Looking forward to it.']],
  },
  {
    key: 'thandiwe-llm', from: 'thandiwe-nkosi', to: 'sneha-iyer', skill: 'Large language models', kind: 'ongoing', state: 'accepted', format: 'video', minutes: 45, daysAgo: 21,
    want: 'I manage eight engineers and want to understand LLM tooling well enough to judge proposals: what local models can do, what MCP is, where the risks are.',
    outcome: 'By the end of next quarter, make informed calls on two proposals on my desk.',
    session: [-14, 15], answeredAfterHours: 2,
    thread: [['to', 'This sounds great. Let’s meet every two weeks and set a couple of goals first.'], ['from', 'Perfect. I added two goals to the plan.'], ['to', 'Next time I’ll bring Ollama on my laptop so you can try models yourself.']],
    plan: {
      goals: [
        { text: 'Run a local model and know its limits', due: 20, milestones: [['Install Ollama and run two models', true], ['Compare answers on our own docs', false]] },
        { text: 'Judge the MCP proposal for our support tools', due: 60, milestones: [['Understand what an MCP server exposes', true]] },
      ],
      checkins: [[-14, 'First session: the landscape', true], [-1, 'Hands-on with Ollama', true], [13, 'Reading the MCP proposal together', false]],
    },
  },
  {
    key: 'rahul-bun', from: 'rahul-verma', to: 'diego-hernandez', skill: 'Bun', kind: 'adhoc', state: 'open', format: 'video', minutes: 30, daysAgo: 2,
    want: 'We are considering Bun for a few Spring-adjacent tooling scripts. Could you walk me through its test runner and how it compares with Jest?',
    tried: 'Converted one test file; snapshots behave differently.',
    slots: [[2, 18], [3, 18], [5, 9]],
  },
  {
    key: 'liam-bun', from: 'liam-oconnor', to: 'kai-kahananui', skill: 'Bun', kind: 'adhoc', state: 'open', format: 'chat', minutes: 30, daysAgo: 4,
    want: 'I want to deploy a small Bun + Hono API on Cloudflare Workers. Where do the two runtimes differ in practice?',
    slots: [[2, 8], [6, 8]], answeredAfterHours: 9,
    thread: [['to', 'Good question! Is the API using any Node built-ins (fs, crypto) today?', 'question'], ['from', 'Only crypto.randomUUID and fetch, I think.']],
  },
  {
    key: 'sarah-ai', from: 'sarah-goldberg', to: 'ben-carter', skill: 'AI coding assistants', kind: 'adhoc', state: 'completed', format: 'video', minutes: 60, daysAgo: 30,
    want: 'Show me how you actually use an AI assistant in your daily work, warts and all. I want to set sensible team guidelines.',
    session: [-25, 11], answeredAfterHours: 1,
    feedback: { from: [5, 'Honest and practical. The "when not to use it" part was the most useful.'], to: [5, 'Thank you for listening so carefully.'], endorse: true },
  },
  {
    key: 'ingrid-ai', from: 'ingrid-johansson', to: 'ben-carter', skill: 'AI coding assistants', kind: 'adhoc', state: 'accepted', format: 'video', minutes: 45, daysAgo: 2,
    want: 'Sarah recommended you. Could you give me the same tour of your AI-assisted workflow?',
    slots: [[1, 16], [2, 10]], session: [1, 16], answeredAfterHours: 4,
  },
  {
    key: 'weiming-llm', from: 'wei-ming-tan', to: 'sneha-iyer', skill: 'Large language models', kind: 'adhoc', state: 'declined', format: 'video', minutes: 30, daysAgo: 9,
    want: 'A quick overview of running models locally for a hiring-tools prototype.', answeredAfterHours: 20,
    reason: "Thank you for thinking of me! I'm stretched thin right now and couldn't give this the attention it deserves.\n\nCamila knows Ollama really well and might help sooner.",
  },
  {
    key: 'chidi-playwright', from: 'chidi-eze', to: 'elena-popescu', skill: 'Playwright', kind: 'ongoing', state: 'accepted', format: 'video', minutes: 60, daysAgo: 35,
    want: 'I write Playwright tests every day but I want to design a test suite, not just add tests to one. Would you mentor me for a couple of months?',
    outcome: 'Lead the redesign of our end-to-end suite at work.',
    session: [-28, 17], answeredAfterHours: 8,
    plan: {
      goals: [
        { text: 'Write a test strategy document for the team', due: 25, milestones: [['Map what the current suite covers', true], ['Draft the strategy', false]] },
        { text: 'Cut the suite’s flaky-test rate in half', due: 55, done: false, milestones: [['Add retries with trace on first retry', true], ['Fix the five flakiest tests', false]] },
      ],
      checkins: [[-28, 'Kick-off and goals', true], [-14, 'Review of the coverage map', true], [0, 'Strategy draft review', false], [14, 'Flaky tests follow-up', false]],
    },
  },
  {
    key: 'fatou-sql', from: 'fatou-diallo', to: 'priya-raghunathan', skill: 'PostgreSQL', kind: 'ongoing', state: 'accepted', format: 'video', minutes: 45, daysAgo: 12,
    want: 'I am a student and want to get good at SQL and PostgreSQL for data work. Could we meet every few weeks?',
    session: [-5, 16], answeredAfterHours: 12,
    plan: { goals: [{ text: 'Write window-function queries without looking things up', due: 45, milestones: [['Finish the exercises Priya shared', false]] }], checkins: [[-5, 'First session', true], [16, 'Exercise review', false]] },
  },
  {
    key: 'kagiso-rust', from: 'kagiso-molefe', to: 'anna-novak', skill: 'Rust', kind: 'adhoc', state: 'completed', format: 'video', minutes: 60, daysAgo: 50,
    want: 'Help me understand lifetimes in a small Axum service I am writing.', session: [-45, 18], answeredAfterHours: 7,
    feedback: { from: [5, 'Lifetimes finally make sense.'], endorse: true },
  },
  {
    key: 'farhan-rust', from: 'farhan-chowdhury', to: 'noah-whitehorse', skill: 'Rust', kind: 'adhoc', state: 'completed', format: 'chat', minutes: 30, daysAgo: 28,
    want: 'Review my first Rust CLI and tell me what is not idiomatic.', session: [-26, 15], answeredAfterHours: 10,
    feedback: { from: [4, 'Very useful review, thank you.'], to: [5, 'Clean code already!'], endorse: true },
  },
  {
    key: 'mateusz-rust', from: 'mateusz-kowalski', to: 'anna-novak', skill: 'Rust', kind: 'adhoc', state: 'completed', format: 'video', minutes: 45, daysAgo: 19,
    want: 'Async Rust with Tokio for someone coming from Java: where do I start?', session: [-15, 19], answeredAfterHours: 3,
    feedback: { from: [4, 'Good starting points, thank you.'] },
  },
  {
    key: 'arjun-k8s', from: 'arjun-mehta', to: 'wei-zhang', skill: 'Kubernetes', kind: 'adhoc', state: 'open', format: 'video', minutes: 30, daysAgo: 5,
    want: 'Our team is moving a Python service to Kubernetes. I would like a sanity check of my manifests before the review.', slots: [[2, 19], [4, 19]],
  },
  {
    key: 'tyler-pg', from: 'tyler-brooks', to: 'jessica-alvarez', skill: 'PostgreSQL', kind: 'adhoc', state: 'withdrawn', format: 'chat', minutes: 30, daysAgo: 8,
    want: 'How should I index a table that is mostly filtered by a JSON column?',
    thread: [['from', 'Withdrawing: a colleague helped me sort it out. Thank you anyway!']],
  },
  {
    key: 'jiwoo-k8s', from: 'ji-woo-park', to: 'kwame-mensah', skill: 'Kubernetes', kind: 'adhoc', state: 'expired', format: 'video', minutes: 30, daysAgo: 20,
    want: 'Could you explain how you structure Helm charts for many small services?',
  },
  {
    key: 'chloe-pg', from: 'chloe-nguyen', to: 'jessica-alvarez', skill: 'PostgreSQL', kind: 'adhoc', state: 'cancelled', format: 'video', minutes: 45, daysAgo: 10,
    want: 'Data modelling for a multi-tenant app with Drizzle: one schema per tenant or a tenant column?', session: [-2, 9], answeredAfterHours: 4,
    reason: 'Sorry, I am off sick this week. Please send it again and we will find a new time.',
  },
  {
    key: 'sabin-terraform', from: 'sabin-shrestha', to: 'nurul-rahman', skill: 'Terraform', kind: 'adhoc', state: 'accepted', format: 'video', minutes: 30, daysAgo: 4,
    want: 'I want to move our Docker-compose staging setup to Terraform on AWS. How would you split the modules?', slots: [[5, 18]], session: [5, 18], answeredAfterHours: 15,
  },
  {
    key: 'putri-pg', from: 'putri-wulandari', to: 'amara-okafor', skill: 'PostgreSQL', kind: 'adhoc', state: 'open', format: 'video', minutes: 30, daysAgo: 1,
    want: 'My Tauri app keeps a local cache that syncs to PostgreSQL. Could you look at my sync table design?', slots: [[3, 20], [4, 20]],
  },
  {
    key: 'aisha-a11y', from: 'aisha-bello', to: 'aroha-ngata', pickedUp: true, skill: 'Web accessibility', kind: 'adhoc', state: 'accepted', format: 'video', minutes: 30, daysAgo: 3,
    want: 'I built my portfolio with Astro. Could someone check it with a screen reader with me?', slots: [[4, 9]], session: [4, 9], answeredAfterHours: 2,
  },
  {
    key: 'devon-docker', from: 'devon-clarke', skill: 'Docker', kind: 'adhoc', state: 'open', format: 'chat', minutes: 30, daysAgo: 1,
    want: 'Anyone who knows Docker, 30 minutes this week: my Deno app image is 900 MB and I do not know why.', tried: 'Switched to an alpine base; it got smaller but still huge.', slots: [[2, 17], [3, 17]],
  },
  {
    key: 'valentina-terraform', from: 'valentina-gomez', skill: 'Terraform', kind: 'adhoc', state: 'open', format: 'video', minutes: 45, daysAgo: 3,
    want: 'Looking for someone who knows Terraform to review how I handle state for three environments.', slots: [[2, 11], [5, 11]],
  },
  {
    key: 'jack-tailwind', from: 'jack-thompson', to: 'tyler-brooks', skill: 'Tailwind CSS', kind: 'adhoc', state: 'declined', format: 'video', minutes: 30, daysAgo: 6,
    want: 'Quick chat about Tailwind? Also, my company is hiring front-end engineers, and I think you would be a great fit. Let us talk salary.',
    answeredAfterHours: 30, reason: 'This reads like a recruiting pitch rather than a request for help, so I will pass.',
    report: 'This was a recruiting pitch, not a request for help. Third one this month from this person.',
  },
  {
    key: 'somchai-polars', from: 'somchai-wongsakul', skill: 'Polars', kind: 'reverse', state: 'open', format: 'video', minutes: 45, daysAgo: 2,
    want: 'Reverse mentoring wanted: I have used Pandas for ten years. Who can show me how Polars thinks, on one of my real notebooks?', slots: [[3, 10], [4, 15]],
  },
];

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
  const answeredAt = s.answeredAfterHours !== undefined ? new Date(createdAt.getTime() + s.answeredAfterHours * HOUR) : null;
  const closedAt = ['open', 'accepted'].includes(s.state) ? null : new Date(Math.min(ctx.now.getTime() - HOUR, createdAt.getTime() + 6 * DAY_MS));
  const session = s.session ? at(ctx, s.session[0], s.session[1], requester.timezone) : null;
  const { kind, reverseAuto } = labelKind(s.kind, requester.seniority, recipient && !s.pickedUp ? recipient.seniority : null);
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
    closedBy: ({ completed: fromId, declined: toId, withdrawn: fromId, cancelled: toId } as Partial<Record<RequestState, string | null>>)[s.state] ?? null,
    firstAnsweredAt: answeredAt,
    acceptedAt: session ? answeredAt : null,
    closedAt,
    expiresAt: new Date(createdAt.getTime() + REQUEST_EXPIRY_MS),
    sequence: session ? (s.state === 'cancelled' ? 2 : 1) : 0,
    createdAt,
    updatedAt,
  });
  for (const [i, [days, hour]] of (s.slots ?? []).entries()) {
    await tx.insert(requestSlots).values({ requestId: id, position: i + 1, startsAt: at(ctx, days, hour, requester.timezone) });
  }
  if (answeredAt && session) {
    await tx.insert(requestMessages).values({ requestId: id, authorId: toId, kind: 'event', body: s.pickedUp ? 'picked up the open call' : 'accepted the request', createdAt: answeredAt });
  }
  // The conversation follows the answer (or the request, when it was a question first).
  let clock = answeredAt && !session ? answeredAt.getTime() - 3 * HOUR : (answeredAt ?? createdAt).getTime();
  for (const [who, body, kindOf] of s.thread ?? []) {
    clock += 3 * HOUR;
    await tx.insert(requestMessages).values({ requestId: id, authorId: who === 'from' ? fromId : toId, kind: kindOf ?? 'message', body, createdAt: new Date(Math.min(clock, ctx.now.getTime() - HOUR)) });
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
    if (s.feedback.from) await tx.insert(requestFeedback).values({ requestId: id, authorId: fromId, rating: s.feedback.from[0], note: s.feedback.from[1], createdAt: after });
    if (s.feedback.to) await tx.insert(requestFeedback).values({ requestId: id, authorId: toId, rating: s.feedback.to[0], note: s.feedback.to[1], createdAt: after });
    if (s.feedback.endorse) await tx.insert(endorsements).values({ requestId: id, endorserId: fromId, endorseeId: toId, skillId: skillId(ctx, s.skill), createdAt: after });
  }
  for (const goal of s.plan?.goals ?? []) {
    const [row] = await tx
      .insert(mentorshipItems)
      .values({ requestId: id, kind: 'goal', text: goal.text, dueOn: toLocalInputValue(new Date(ctx.now.getTime() + goal.due * DAY_MS), 'UTC').slice(0, 10), doneAt: goal.done ? createdAt : null, createdBy: fromId, createdAt })
      .returning({ id: mentorshipItems.id });
    for (const [text, done] of goal.milestones ?? []) {
      await tx.insert(mentorshipItems).values({ requestId: id, kind: 'milestone', goalId: row!.id, text, doneAt: done ? new Date(ctx.now.getTime() - 3 * DAY_MS) : null, doneBy: done ? toId : null, createdBy: toId, createdAt });
    }
  }
  for (const [days, text, done] of s.plan?.checkins ?? []) {
    const dueOn = toLocalInputValue(new Date(ctx.now.getTime() + days * DAY_MS), 'UTC').slice(0, 10);
    await tx.insert(mentorshipItems).values({ requestId: id, kind: 'checkin', text, dueOn, doneAt: done ? new Date(ctx.now.getTime() + Math.min(days, 0) * DAY_MS) : null, doneBy: done ? fromId : null, createdBy: toId, createdAt });
  }
  if (s.report && toId) {
    await tx.insert(requestReports).values({ requestId: id, reporterId: toId, reason: s.report, createdAt: new Date(ctx.now.getTime() - 2 * DAY_MS) });
    // …and blocked them, so /settings/blocks has someone in it.
    await tx.insert(memberBlocks).values({ blockerId: toId, blockedId: fromId, createdAt: new Date(ctx.now.getTime() - 2 * DAY_MS) });
  }
  await insertInbox(tx, ctx, s, { id, kind, fromId, toId, createdAt, answeredAt });
}

/** A few inbox entries per story, so demo members open an inbox with something in it. */
async function insertInbox(
  tx: Tx,
  ctx: DemoContext,
  s: Story,
  { id, kind, fromId, toId, createdAt, answeredAt }: { id: string; kind: RequestKind; fromId: string; toId: string | null; createdAt: Date; answeredAt: Date | null },
) {
  const requester = findMember(s.from);
  const url = `/requests/${id}`;
  const rows: (typeof notifications.$inferInsert)[] = [];
  const old = s.daysAgo > 7;
  if (toId && !s.pickedUp) {
    rows.push({ userId: toId, kind: 'request.received', title: `${requester.displayName} asks you for ${KIND_LABELS[kind].toLowerCase()} on ${s.skill}`, body: s.want.slice(0, 280), url, actorId: fromId, createdAt, readAt: s.state === 'open' && !old ? null : createdAt });
  }
  if (answeredAt && toId) {
    const helper = findMember(s.to!);
    const title =
      s.state === 'declined'
        ? `${helper.displayName} can't help with ${s.skill} this time`
        : s.pickedUp
          ? `${helper.displayName} picked up your open call on ${s.skill}`
          : `${helper.displayName} accepted your request on ${s.skill}`;
    rows.push({ userId: fromId, kind: s.state === 'declined' ? 'request.declined' : 'request.accepted', title, body: '', url, actorId: toId, createdAt: answeredAt, readAt: old ? answeredAt : null });
  }
  if (s.feedback?.endorse && toId) {
    rows.push({ userId: toId, kind: 'request.endorsed', title: `${requester.displayName} endorsed you for ${s.skill}`, body: 'It shows on your profile with your track record.', url, actorId: fromId, createdAt: new Date(ctx.now.getTime() - (s.daysAgo - 6) * DAY_MS), readAt: null });
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
    const learners = people.filter((p) => p.handle !== teacher.handle && p.skills.some((s) => s.skill === skill.skill && s.wantsToLearn));
    const pool = learners.length > 0 ? learners : people.filter((p) => p.handle !== teacher.handle);
    const learner = pool[Math.floor(ctx.random() * pool.length)]!;
    const roll = ctx.random();
    const state: RequestState = roll < 0.72 ? 'completed' : roll < 0.86 ? 'declined' : 'expired';
    const daysAgo = 45 + Math.floor(ctx.random() * 300);
    const createdAt = new Date(ctx.now.getTime() - daysAgo * DAY_MS);
    const answeredAt = state === 'expired' ? null : new Date(createdAt.getTime() + (1 + Math.floor(ctx.random() * 40)) * HOUR);
    const session = state === 'completed' ? new Date(createdAt.getTime() + (3 + Math.floor(ctx.random() * 7)) * DAY_MS) : null;
    const closedAt = session ? new Date(session.getTime() + DAY_MS) : new Date(createdAt.getTime() + (answeredAt ? 1 : 14) * DAY_MS);
    const { kind, reverseAuto } = labelKind('adhoc', learner.seniority, teacher.seniority);
    const id = demoId('request-history', String(i));
    const fromId = ids(ctx, learner.handle);
    const toId = ids(ctx, teacher.handle);
    await tx.insert(mentoringRequests).values({
      id,
      requesterId: fromId,
      recipientId: toId,
      skillId: skillId(ctx, skill.skill),
      kind,
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
      await tx.insert(requestFeedback).values({ requestId: id, authorId: fromId, rating: ctx.random() < 0.75 ? 5 : 4, note: 'Thank you, this helped a lot.', createdAt: closedAt });
      if (ctx.random() < 0.6) {
        await tx.insert(endorsements).values({ requestId: id, endorserId: fromId, endorseeId: toId, skillId: skillId(ctx, skill.skill), createdAt: closedAt });
      }
    }
  }
}

/** The demo's moderator (signs in like everyone else), so the moderation queue can be tried. */
export const DEMO_MODERATOR = 'jan-de-vries';

/** The mentoring requests of the demo community (a DEMO_STEPS step). */
export async function seedDemoRequests(ctx: DemoContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ role: 'moderator' }).where(eq(users.id, ids(ctx, DEMO_MODERATOR)));
    for (const story of STORIES) await insertStory(tx, ctx, story);
    await insertHistory(tx, ctx);
  });
}
