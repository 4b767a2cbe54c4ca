import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { endorsements, rateLimits, searchJobs } from '#db/schema/index.ts';
import { openRequestCounts } from '#features/members/members.service.ts';
import {
  completedCounts,
  endorseHelper,
  endorsementCounts,
  getResponsiveness,
  getTrackRecord,
  leaveFeedback,
} from '#features/requests/outcomes/outcomes.service.ts';
import { getRequestPage } from '#features/requests/request-page/request-page.service.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor, peopleJob } from './helpers.ts';

let senior: Member;
let junior: Member;
let stranger: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  await getDb().delete(searchJobs);
  senior = await createMember({ seniority: 'senior' });
  junior = await createMember({ seniority: 'junior', skills: [{ skill: 'Bun', canTeach: true }] });
  stranger = await createMember();
});

describe('feedback', () => {
  it('is left once per side after completion; each note is read only by the other side', async () => {
    const id = await createRequest({
      requester: senior,
      recipient: junior,
      state: 'completed',
      kind: 'ongoing',
      reverse: true,
    });
    await leaveFeedback(as(senior), { id, rating: 5, note: 'Clear and patient. Thank you!' });
    await leaveFeedback(as(junior), { id, rating: 4, note: 'Great questions.' });
    await expect(leaveFeedback(as(junior), { id, rating: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });

    const juniorView = await getRequestPage(as(junior), id);
    expect(juniorView.outcome).toMatchObject({
      mine: { rating: 4 },
      theirs: { rating: 5, note: 'Clear and patient. Thank you!' },
    });
    const seniorView = await getRequestPage(as(senior), id);
    expect(seniorView.outcome).toMatchObject({ mine: { rating: 5 }, theirs: { note: 'Great questions.' } });
    expect((await noticesFor(junior.id)).map((n) => n.kind)).toContain('request.feedback');
  });

  it('opens only after completion and only to the two participants', async () => {
    const open = await createRequest({ requester: senior, recipient: junior, state: 'accepted' });
    await expect(leaveFeedback(as(senior), { id: open, rating: 5 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await createRequest({ requester: senior, recipient: junior, state: 'completed' });
    await expect(leaveFeedback(as(stranger), { id: done, rating: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const moderator = await createMember({ role: 'moderator' });
    await expect(leaveFeedback(as(moderator, 'moderator'), { id: done, rating: 5 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('endorsements and the track record', () => {
  it('records the requester’s endorsement with the feedback and queues the helper’s search document', async () => {
    const id = await createRequest({ requester: senior, recipient: junior, state: 'completed', skill: 'Bun' });
    await leaveFeedback(as(senior), { id, rating: 5, endorse: true });
    expect(await getDb().select().from(endorsements).where(eq(endorsements.requestId, id))).toMatchObject([
      { requestId: id, endorserId: senior.id, endorseeId: junior.id },
    ]);
    expect(await peopleJob(junior.id)).toBeDefined();
    expect((await noticesFor(junior.id)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['request.endorsed', 'request.feedback']),
    );
  });

  it('lets only the requester endorse, once per request', async () => {
    const id = await createRequest({ requester: senior, recipient: junior, state: 'completed' });
    await expect(endorseHelper(as(junior), { id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const endorsementsOf = () => getDb().select().from(endorsements).where(eq(endorsements.requestId, id));
    await leaveFeedback(as(junior), { id, rating: 5, endorse: true }); // the helper's tick is ignored
    expect(await endorsementsOf()).toEqual([]);
    await endorseHelper(as(senior), { id });
    await endorseHelper(as(senior), { id });
    expect(await endorsementsOf()).toHaveLength(1);
  });

  it('counts completed sessions and endorsements per skill: "taught Rust 3 times, 2 endorsements"', async () => {
    const mentor = await createMember();
    const learners = await Promise.all([1, 2, 3, 4].map(() => createMember()));
    const rust = await Promise.all(
      learners
        .slice(0, 3)
        .map((l) => createRequest({ requester: l, recipient: mentor, skill: 'Rust', state: 'completed' })),
    );
    await createRequest({ requester: learners[3]!, recipient: mentor, skill: 'Go', state: 'completed' });
    await createRequest({ requester: learners[3]!, recipient: mentor, skill: 'Go', state: 'cancelled' });
    await createRequest({ requester: learners[3]!, recipient: mentor, skill: 'Go', state: 'accepted' });
    // Sessions the mentor asked for do not count as teaching.
    await createRequest({ requester: mentor, recipient: learners[0]!, skill: 'Zig', state: 'completed' });
    await endorseHelper(as(learners[0]!), { id: rust[0]! });
    await endorseHelper(as(learners[1]!), { id: rust[1]! });

    const record = await getTrackRecord(mentor.id);
    expect(record).toMatchObject({ completed: 4, endorsements: 2 });
    expect(record.skills.map((s) => [s.name, s.completed, s.endorsements])).toEqual([
      ['Rust', 3, 2],
      ['Go', 1, 0],
    ]);
    expect(await completedCounts([mentor.id, learners[0]!.id, stranger.id])).toEqual(
      new Map([
        [mentor.id, 4],
        [learners[0]!.id, 1],
      ]),
    );
    expect(await endorsementCounts([mentor.id, stranger.id])).toEqual(new Map([[mentor.id, 2]]));
    expect(await openRequestCounts([mentor.id])).toEqual(new Map([[mentor.id, 1]]));
  });
});

describe('responsiveness', () => {
  it('takes the median time to first answer over direct requests received, and the share answered', async () => {
    const helper = await createMember();
    const asker = await createMember();
    const day = 86_400_000;
    const base = Date.now() - 20 * day;
    const at = (hours: number) => new Date(base + hours * 3_600_000);
    await createRequest({
      requester: asker,
      recipient: helper,
      createdAt: at(0),
      firstAnsweredAt: at(2),
      state: 'completed',
    });
    await createRequest({
      requester: asker,
      recipient: helper,
      createdAt: at(0),
      firstAnsweredAt: at(6),
      state: 'declined',
    });
    await createRequest({
      requester: asker,
      recipient: helper,
      createdAt: at(0),
      firstAnsweredAt: at(10),
      state: 'accepted',
    });
    await createRequest({
      requester: asker,
      recipient: helper,
      createdAt: at(0),
      firstAnsweredAt: null,
      state: 'expired',
    });
    await createRequest({ requester: asker, recipient: helper, firstAnsweredAt: null, state: 'open' }); // still waiting: not judged
    // An open call the helper picked up was never a request to them: it does not count either way.
    await createRequest({
      requester: asker,
      recipient: helper,
      openCall: true,
      state: 'expired',
      firstAnsweredAt: null,
      createdAt: at(0),
    });
    // A request from more than a year ago no longer counts.
    await createRequest({
      requester: asker,
      recipient: helper,
      createdAt: new Date(Date.now() - 400 * day),
      firstAnsweredAt: null,
      state: 'expired',
    });
    const r = await getResponsiveness(helper.id);
    expect(r).toEqual({ considered: 4, answered: 3, answeredShare: 0.75, medianFirstAnswerMs: 6 * 3_600_000 });
  });
});
