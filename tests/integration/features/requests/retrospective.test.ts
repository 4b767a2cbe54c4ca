import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { mentoringRetrospectives, mentorshipItems, requestFeedback } from '#db/schema/index.ts';
import { mentoringInsights } from '#features/insights/mentoring-insights.service.ts';
import { completeRequest } from '#features/requests/lifecycle/lifecycle.service.ts';
import { getMyMentoring } from '#features/requests/my-mentoring/my-mentoring.service.ts';
import { writeRetrospective } from '#features/requests/outcomes/retrospective.service.ts';
import { getRequestPage } from '#features/requests/request-page/request-page.service.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor } from './helpers.ts';

async function mentorship(
  kind: 'ongoing' | 'reverse' | 'adhoc' = 'ongoing',
  state: 'completed' | 'accepted' = 'completed',
) {
  const learner = await createMember({ displayName: 'Lea Learner' });
  const mentor = await createMember({ displayName: 'Max Mentor' });
  const id = await createRequest({ requester: learner, recipient: mentor, kind, state, skill: 'Rust' });
  return { learner, mentor, id };
}

const answers = (id: string, goalsMet: 'yes' | 'partly' | 'no' = 'yes', wouldRepeat = true) => ({
  id,
  goalsMet,
  learned: 'How to split a goal into weekly steps.',
  wouldRepeat,
});

describe('retrospectives', () => {
  it('lets each side of a finished mentorship look back once, privately', async () => {
    const { learner, mentor, id } = await mentorship();
    await writeRetrospective(as(learner), answers(id, 'partly'));
    await writeRetrospective(as(mentor), answers(id, 'yes', false));
    const rows = await getDb().select().from(mentoringRetrospectives).where(eq(mentoringRetrospectives.requestId, id));
    expect(rows).toHaveLength(2);
    const learnerPage = await getRequestPage(as(learner), id);
    expect(learnerPage.retrospective?.mine).toMatchObject({ goalsMet: 'partly', wouldRepeat: true });
    // Each sees their own answers only.
    const mentorPage = await getRequestPage(as(mentor), id);
    expect(mentorPage.retrospective?.mine).toMatchObject({ goalsMet: 'yes', wouldRepeat: false });
    await expect(writeRetrospective(as(learner), answers(id))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('records one retrospective when the same side posts twice at once', async () => {
    const { learner, id } = await mentorship();
    const outcomes = await Promise.allSettled([
      writeRetrospective(as(learner), answers(id, 'yes')),
      writeRetrospective(as(learner), answers(id, 'no')),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      await getDb().select().from(mentoringRetrospectives).where(eq(mentoringRetrospectives.requestId, id)),
    ).toHaveLength(1);
  });

  it('is for the two people, after completion, of ongoing and reverse mentorships only', async () => {
    const { id } = await mentorship();
    await expect(writeRetrospective(as(await createMember()), answers(id))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const adhoc = await mentorship('adhoc');
    await expect(writeRetrospective(as(adhoc.learner), answers(adhoc.id))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getRequestPage(as(adhoc.learner), adhoc.id)).retrospective).toBeNull();
    const running = await mentorship('ongoing', 'accepted');
    await expect(writeRetrospective(as(running.learner), answers(running.id))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const reverse = await mentorship('reverse');
    await writeRetrospective(as(reverse.mentor), answers(reverse.id));
  });

  it('asks both sides for one when a mentorship is marked completed, and not after ad-hoc help', async () => {
    const running = await mentorship('ongoing', 'accepted');
    await completeRequest(as(running.mentor), { id: running.id });
    for (const who of [running.learner, running.mentor]) {
      const kinds = (await noticesFor(who.id)).map((n) => n.kind);
      expect(kinds).toContain('request.retrospective_request');
    }
    const adhoc = await mentorship('adhoc', 'accepted');
    await completeRequest(as(adhoc.mentor), { id: adhoc.id });
    expect((await noticesFor(adhoc.learner.id)).map((n) => n.kind)).not.toContain('request.retrospective_request');
  });

  it('feeds the insights once five people have answered', async () => {
    const authors: Member[] = [];
    for (let i = 0; i < 5; i++) {
      const { learner, id } = await mentorship();
      await writeRetrospective(as(learner), answers(id, i < 4 ? 'yes' : 'no', i < 3));
      authors.push(learner);
    }
    const insights = await mentoringInsights({ period: 'all', category: null, now: new Date() });
    expect(insights.goalsMet.shown).toBe(true);
    expect(insights.wouldRepeat.shown).toBe(true);
  });
});

describe('my mentoring', () => {
  it('shows a member their sessions, goals, ratings received and retrospectives', async () => {
    const me = await createMember();
    const other = await createMember({ displayName: 'Oda Other' });
    const helped = await createRequest({ requester: other, recipient: me, kind: 'ongoing', state: 'completed' });
    const learned = await createRequest({ requester: me, recipient: other, state: 'completed' });
    await createRequest({ requester: me, recipient: other, kind: 'reverse', state: 'accepted' });
    await getDb().insert(requestFeedback).values({ requestId: helped, authorId: other.id, rating: 5 });
    await getDb().insert(requestFeedback).values({ requestId: learned, authorId: other.id, rating: 4 });
    await getDb().insert(requestFeedback).values({ requestId: learned, authorId: me.id, rating: 1 });
    await getDb()
      .insert(mentorshipItems)
      .values([
        { requestId: helped, kind: 'goal', text: 'Ship it', doneAt: new Date() },
        { requestId: helped, kind: 'goal', text: 'Teach it' },
        { requestId: helped, kind: 'milestone', text: 'Draft', doneAt: new Date() },
      ]);
    await writeRetrospective(as(me), answers(helped));

    const mine = await getMyMentoring(me);
    expect(mine).toMatchObject({
      helped: 1,
      learned: 1,
      running: 1,
      goals: { done: 1, total: 2 },
      milestones: { done: 1, total: 1 },
      averageRating: 4.5,
      ratings: 2,
    });
    expect(mine.months.at(-1)).toMatchObject({ helped: 1, learned: 1, rating: 4.5 });
    expect(mine.retrospectives.map((r) => r.requestId)).toEqual([helped]);
    expect(mine.toLookBack).toEqual([]);
    expect(mine.recent.map((s) => s.with?.displayName)).toEqual(['Oda Other', 'Oda Other']);

    // Someone else's page shows nothing of it.
    const stranger = await getMyMentoring(await createMember());
    expect(stranger).toMatchObject({ helped: 0, learned: 0, retrospectives: [], recent: [] });
  });
});
