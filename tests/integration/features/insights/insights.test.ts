import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { eventFeedbackTopics, requestFeedback, users } from '#db/schema/index.ts';
import { eventInsights } from '#features/insights/event-insights.service.ts';
import type { Selection } from '#features/insights/figures.ts';
import { getInsights, insightsCsv } from '#features/insights/insights.service.ts';
import { mentoringInsights } from '#features/insights/mentoring-insights.service.ts';
import { monthKey } from '#features/insights/periods.ts';
import { supplyAndDemand, workshopsToRunNext } from '#features/insights/supply.service.ts';
import { isAppError } from '#server/errors.ts';
import { addFeedback, addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createEvent, createMember, createRequest, type Member, skillIdByName } from '#tests/helpers/factories.ts';

/**
 * A community with known numbers, seen from a fixed clock (20 June 2026, noon UTC):
 * the 30-day window starts on 22 May, the 90-day one on 23 March.
 */
const now = new Date('2026-06-20T12:00:00Z');
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);
const HOUR = 3_600_000;
const sel = (period: Selection['period'], category: Selection['category'] = null): Selection => ({
  period,
  category,
  now,
});

async function people(prefix: string, n: number, spec: Parameters<typeof createMember>[0] = {}): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 1; i <= n; i++) out.push(await createMember({ displayName: `${prefix}${i}`, ...spec }));
  return out;
}

async function request(
  from: Member,
  to: Member | null,
  state: 'completed' | 'declined' | 'expired',
  created: string,
  answeredAfterHours: number | null,
  skill = 'Rust',
) {
  const createdAt = at(created);
  return createRequest({
    requester: from,
    recipient: to,
    skill,
    state,
    createdAt,
    firstAnsweredAt: answeredAfterHours === null ? null : new Date(createdAt.getTime() + answeredAfterHours * HOUR),
    sessionStartsAt: state === 'completed' ? new Date(createdAt.getTime() + 24 * HOUR) : null,
  });
}

let moderator: Member;
let member: Member;

beforeAll(async () => {
  moderator = await createMember({ role: 'moderator' });
  member = await createMember();

  // Supply and demand. Rust: 6 teach it; 8 want to learn it (one with a members-only
  // profile; a ninth is suspended and not counted); 5 asked without an answer in June;
  // 2 asked for it in event feedback. Zig: 3 want to learn it, nobody teaches it.
  const teachers = await people('T', 6, { skills: [{ skill: 'Rust', level: 5, canTeach: true }] });
  await people('L', 7, { skills: [{ skill: 'Rust', level: 1, wantsToLearn: true }] });
  await createMember({ visibility: 'members', skills: [{ skill: 'Rust', level: 1, wantsToLearn: true }] });
  const gone = await createMember({ skills: [{ skill: 'Rust', level: 1, wantsToLearn: true }] });
  await getDb().update(users).set({ suspendedAt: now }).where(eq(users.id, gone.id));
  await people('Z', 3, { skills: [{ skill: 'Zig', level: 1, wantsToLearn: true }] });

  // Mentoring. April: 6 completed (answered in 2 h) and 5 declined, all different people.
  const [a, d] = [await people('A', 6), await people('D', 5)];
  for (const [i, x] of a.entries()) await request(x, teachers[i]!, 'completed', '2026-04-10', 2);
  for (const [i, x] of d.entries()) await request(x, teachers[i]!, 'declined', '2026-04-11', 4);
  // May: 6 completed (10 h) and 2 declined by one teacher.
  const [b, c] = [await people('B', 6), await people('C', 2)];
  for (const [i, x] of b.entries()) await request(x, teachers[i]!, 'completed', '2026-05-05', 10);
  for (const x of c) await request(x, teachers[0]!, 'declined', '2026-05-06', 1);
  // June: 5 completed on Rust (6 h) rated 4, 2 on Kubernetes (3 h) rated 2, 5 open calls on Rust that expired.
  const [e, k, u] = [await people('E', 5), await people('K', 2), await people('U', 5)];
  const rate = async (id: string, author: Member, rating: number) =>
    getDb()
      .insert(requestFeedback)
      .values({ requestId: id, authorId: author.id, rating, createdAt: at('2026-06-12') });
  for (const [i, x] of e.entries()) await rate(await request(x, teachers[i]!, 'completed', '2026-06-10', 6), x, 4);
  for (const x of k) await rate(await request(x, teachers[5]!, 'completed', '2026-06-10', 3, 'Kubernetes'), x, 2);
  for (const x of u) await request(x, null, 'expired', '2026-06-01', null);

  // Events. A Rust workshop on 5 June: 6 going, 5 came and rated it 5, 5, 4, 4, 3 (two
  // also asked for Rust next); a meetup on 10 May: 4 going, 3 came, 2 rated it 5 and 1.
  const organizer = await createMember();
  const workshop = await createEvent({
    organizer,
    kind: 'workshop',
    topics: ['Rust'],
    capacity: 10,
    startsAt: at('2026-06-05'),
  });
  const w = await people('W', 6);
  await addRsvps(workshop, w.slice(0, 5), { attended: true });
  await addRsvps(workshop, w.slice(5));
  const voters = await people('V', 2);
  for (const [i, rating] of [5, 5, 4, 4, 3].entries())
    await addFeedback(workshop, w[i]!, rating, { at: at('2026-06-06') });
  // The two who asked for Rust next came from the waitlist (they count as demand, not as ratings of the workshop).
  for (const v of voters) {
    await addRsvps(workshop, [v], { status: 'waitlisted', attended: true });
  }
  for (const v of voters)
    await getDb()
      .insert(eventFeedbackTopics)
      .values({
        eventId: workshop.id,
        userId: v.id,
        skillId: await skillIdByName('Rust'),
        createdAt: at('2026-06-06'),
      });
  const meetup = await createEvent({ organizer, kind: 'meetup', capacity: 30, startsAt: at('2026-05-10') });
  const m = await people('M', 4);
  await addRsvps(meetup, m.slice(0, 3), { attended: true });
  await addRsvps(meetup, m.slice(3));
  await addFeedback(meetup, m[0]!, 5, { at: at('2026-05-11') });
  await addFeedback(meetup, m[1]!, 1, { at: at('2026-05-11') });
});

describe('supply and demand', () => {
  it('counts who teaches and who wants each topic, and reads "fewer than 5" below five people', async () => {
    const rows = await supplyAndDemand(sel('365d'));
    const rust = rows.find((r) => r.slug === 'rust')!;
    expect(rust.teachers).toEqual({ shown: true, value: 6 });
    expect(rust.learners).toEqual({ shown: true, value: 8 });
    expect(rust.unanswered).toEqual({ shown: true, value: 5 });
    expect(rust.votes).toEqual({ shown: false });
    // 8 learners + 5 who asked without an answer + 2 who asked for it next: 15 people.
    expect(rust.demand).toEqual({ shown: true, value: 15 });
    const zig = rows.find((r) => r.slug === 'zig')!;
    expect(zig.learners).toEqual({ shown: false });
    expect(zig.demand).toEqual({ shown: false });
    expect(zig.teachers).toEqual({ shown: false });
    expect(rows[0]!.slug).toBe('rust');
    expect(workshopsToRunNext(rows).map((r) => [r.slug, r.unmet])).toEqual([['rust', 9]]);
  });

  it('keeps only the topics of the chosen category', async () => {
    const infra = await supplyAndDemand(sel('365d', 'infrastructure'));
    expect(infra.every((r) => r.category === 'infrastructure')).toBe(true);
    expect(infra.some((r) => r.slug === 'rust')).toBe(false);
  });
});

describe('mentoring over time', () => {
  it('charts requests per month by outcome, hiding parts that rest on fewer than five people', async () => {
    const { months } = await mentoringInsights(sel('90d'));
    const month = (iso: string) => months.find((x) => x.month === monthKey(new Date(iso)))!;
    const april = month('2026-04-01');
    expect(april.sent).toEqual({ shown: true, value: 11 });
    expect(april.outcomes.completed).toEqual({ shown: true, value: 6 });
    expect(april.outcomes.declined).toEqual({ shown: true, value: 5 });
    // The parts shown add up to the whole, so the others are plainly zero.
    expect(april.outcomes.expired).toEqual({ shown: true, value: 0 });
    expect(april.accepted).toEqual({ shown: true, value: 6 });

    // May: two declines by one teacher are three people. Sent minus completed would
    // give them away, so "completed" is hidden too; the month's total stays.
    const may = month('2026-05-01');
    expect(may.sent).toEqual({ shown: true, value: 8 });
    expect(may.outcomes.declined).toEqual({ shown: false });
    expect(may.outcomes.completed).toEqual({ shown: false });
    expect(may.accepted).toEqual({ shown: false });

    const june = month('2026-06-01');
    expect(june.sent).toEqual({ shown: true, value: 12 });
    expect(june.outcomes.completed).toEqual({ shown: true, value: 7 });
    expect(june.outcomes.expired).toEqual({ shown: true, value: 5 });
  });

  it('computes the period figures: median time to answer, completion, reverse share, ratings', async () => {
    const last30 = await mentoringInsights(sel('30d'));
    // June's answers: five after 6 h, two after 3 h.
    expect(last30.medianHoursToAnswer).toEqual({ shown: true, value: 6 });
    expect(last30.completionRate).toEqual({ shown: true, value: 1 });
    expect(last30.reverseShare).toEqual({ shown: true, value: 0 });
    expect(last30.averageRating).toEqual({ shown: true, value: (5 * 4 + 2 * 2) / 7 });

    const year = await mentoringInsights(sel('365d'));
    // 23 answered requests: 6 × 2 h, 5 × 4 h, 6 × 10 h, 2 × 1 h, 5 × 6 h, 2 × 3 h → median 4 h.
    expect(year.medianHoursToAnswer).toEqual({ shown: true, value: 4 });
    expect(year.goals).toEqual({ shown: false });
  });

  it('hides a small category over a short period when the whole differs from it by a few people', async () => {
    // In the last 30 days, two Kubernetes ratings sit beside five Rust ones: showing the
    // "languages" average next to everyone's would give away the two.
    const languages = await mentoringInsights(sel('30d', 'languages'));
    expect(languages.averageRating).toEqual({ shown: false });
    expect(languages.medianHoursToAnswer).toEqual({ shown: false });
    const infrastructure = await mentoringInsights(sel('30d', 'infrastructure'));
    expect(infrastructure.averageRating).toEqual({ shown: false });
    // The same holds for every period: the two are there in each.
    expect((await mentoringInsights(sel('all', 'languages'))).averageRating).toEqual({ shown: false });
    // Everyone's figure stays.
    expect((await mentoringInsights(sel('30d'))).averageRating.shown).toBe(true);
  });
});

describe('events over time', () => {
  it('counts events and seats, and computes attendance and feedback under the rules', async () => {
    const quarter = await eventInsights(sel('90d'));
    expect(quarter.events).toBe(2);
    expect(quarter.seatsOffered).toBe(40);
    expect(quarter.seatsTaken).toBe(10);
    expect(quarter.waitlisted).toBe(2);
    // Of 10 with a seat, 8 came; 7 ratings average 27 / 7.
    expect(quarter.attendance).toEqual({ shown: true, value: 0.8 });
    expect(quarter.averageRating).toEqual({ shown: true, value: 27 / 7 });

    // The last 30 days alone have the workshop (6 seats, 5 ratings), but the 90 days add
    // only the meetup's 4 and 2 people: side by side they would describe those few.
    const month = await eventInsights(sel('30d'));
    expect(month.events).toBe(1);
    expect(month.attendance).toEqual({ shown: false });
    expect(month.averageRating).toEqual({ shown: false });

    const june = quarter.months.find((x) => x.month === monthKey(new Date('2026-06-01')))!;
    expect(june.byKind).toMatchObject({ workshop: 1, meetup: 0 });
    expect(june.attendance).toEqual({ shown: true, value: 5 / 6 });
    const may = quarter.months.find((x) => x.month === monthKey(new Date('2026-05-01')))!;
    expect(may.byKind).toMatchObject({ meetup: 1 });
    expect(may.attendance).toEqual({ shown: false });
  });
});

describe('who sees what', () => {
  it('shows visitors supply and demand only, and members everything', async () => {
    const visitor = await getInsights(null, sel('365d'));
    expect(visitor.access).toBe('visitor');
    expect(visitor.mentoring).toBeNull();
    expect(visitor.events).toBeNull();
    expect(visitor.topics.length).toBeGreaterThan(0);
    const signedIn = await getInsights({ id: member.id, handle: member.handle, role: 'member' }, sel('365d'));
    expect(signedIn.access).toBe('member');
    expect(signedIn.mentoring).not.toBeNull();
    expect(signedIn.events).not.toBeNull();
  });

  it('lets moderators export the tables as CSV, with hidden figures as "fewer than 5", and nobody else', async () => {
    const csv = await insightsCsv(
      { id: moderator.id, handle: moderator.handle, role: 'moderator' },
      'supply',
      sel('365d'),
    );
    expect(csv.filename).toBe('whoknows-insights-supply-365d.csv');
    const lines = csv.body.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toContain('Teach it');
    expect(lines.find((l) => l.startsWith('Rust,'))).toBe('Rust,languages,6,8,fewer than 5,5,fewer than 5,15');
    const events = await insightsCsv(
      { id: moderator.id, handle: moderator.handle, role: 'admin' },
      'events',
      sel('90d'),
    );
    expect(events.body).toContain('Attendance');
    for (const viewer of [null, { id: member.id, handle: member.handle, role: 'member' as const }]) {
      const error = await insightsCsv(viewer, 'mentoring', sel('365d')).catch((x: unknown) => x);
      expect(isAppError(error) && error.code).toBe('NOT_FOUND');
    }
  });
});
