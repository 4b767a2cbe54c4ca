import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { auditLog, profiles, rateLimits, users } from '#db/schema/index.ts';
import { blockMember, listBlockedMembers, unblockMember } from '#features/blocks/blocks.service.ts';
import { blockedEitherWay, blockedEitherWayIds, blockStatus } from '#features/members/members.service.ts';
import { dismissRequestReports } from '#features/moderation/actions.service.ts';
import { moderationQueue } from '#features/moderation/queue.service.ts';
import { fileReport } from '#features/moderation/report.service.ts';
import { listOpenCallsFor } from '#features/requests/open-calls/open-calls.service.ts';
import { addPlanItem, togglePlanItem } from '#features/requests/plan/plan.service.ts';
import { getRequestPage } from '#features/requests/request-page/request-page.service.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor, requestRow } from './helpers.ts';

let a: Member;
let b: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  a = await createMember();
  b = await createMember({ skills: [{ skill: 'Bun', canTeach: true }] });
});

describe('blocking', () => {
  it('blocks by handle, lists, and unblocks', async () => {
    await blockMember(a.id, b.handle);
    await blockMember(a.id, b.handle); // twice is once
    expect((await listBlockedMembers(a.id)).map((m) => m.handle)).toEqual([b.handle]);
    expect(await blockStatus(a.id, b.id)).toEqual({ viewerBlocked: true, blockedViewer: false });
    expect(await blockStatus(b.id, a.id)).toEqual({ viewerBlocked: false, blockedViewer: true });
    expect(await blockedEitherWayIds(b.id)).toEqual(new Set([a.id]));
    await unblockMember(a.id, b.handle);
    expect(await listBlockedMembers(a.id)).toEqual([]);
  });

  it('tells who blocked whom in either direction, both, or neither', async () => {
    const c = await createMember();
    expect(await blockStatus(a.id, c.id)).toEqual({ viewerBlocked: false, blockedViewer: false });
    expect(await blockedEitherWay(a.id, c.id)).toBe(false);
    await blockMember(c.id, a.handle);
    expect(await blockStatus(a.id, c.id)).toEqual({ viewerBlocked: false, blockedViewer: true });
    expect(await blockedEitherWay(a.id, c.id)).toBe(true);
    expect(await blockedEitherWay(c.id, a.id)).toBe(true);
    await blockMember(a.id, c.handle);
    expect(await blockStatus(a.id, c.id)).toEqual({ viewerBlocked: true, blockedViewer: true });
    expect(await blockStatus(c.id, a.id)).toEqual({ viewerBlocked: true, blockedViewer: true });
    // Someone else's blocks say nothing about these two.
    expect(await blockStatus(b.id, c.id)).toEqual({ viewerBlocked: false, blockedViewer: false });
    expect(await blockedEitherWay(b.id, c.id)).toBe(false);
  });

  it('refuses yourself and unknown handles beside the field', async () => {
    await expect(blockMember(a.id, a.handle)).rejects.toMatchObject({ fields: { handle: /yourself/ } });
    await expect(blockMember(a.id, 'no-such-member')).rejects.toMatchObject({ fields: { handle: /no member/ } });
  });

  it('closes everything active between the two at once', async () => {
    const mine = await createRequest({ requester: a, recipient: b });
    const theirs = await createRequest({ requester: b, recipient: a });
    const session = await createRequest({ requester: b, recipient: a, state: 'accepted' });
    const done = await createRequest({ requester: b, recipient: a, state: 'completed' });
    await blockMember(a.id, b.handle);
    expect((await requestRow(mine))!.state).toBe('withdrawn');
    expect((await requestRow(theirs))!.state).toBe('declined');
    expect((await requestRow(session))!.state).toBe('cancelled');
    expect((await requestRow(done))!.state).toBe('completed');
    expect((await noticesFor(b.id)).map((n) => n.kind)).toEqual(['request.closed', 'request.closed', 'request.closed']);
  });

  it('hides open calls between blocked members, both ways', async () => {
    const call = await createRequest({ requester: a, skill: 'Bun' });
    expect((await listOpenCallsFor(b.id)).items.map((i) => i.request.id)).toContain(call);
    await blockMember(a.id, b.handle);
    expect((await listOpenCallsFor(b.id)).items.map((i) => i.request.id)).not.toContain(call);
    await expect(loadForViewer(call, as(b))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves out open calls of a member whose profile is hidden or who is suspended, and brings them back', async () => {
    const call = await createRequest({ requester: a, skill: 'Bun' });
    const listed = async () => (await listOpenCallsFor(b.id)).items.map((i) => i.request.id);
    expect(await listed()).toContain(call);
    await getDb().update(profiles).set({ hiddenAt: new Date() }).where(eq(profiles.userId, a.id));
    expect(await listed()).not.toContain(call);
    await getDb().update(profiles).set({ hiddenAt: null }).where(eq(profiles.userId, a.id));
    expect(await listed()).toContain(call);
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, a.id));
    expect(await listed()).not.toContain(call);
  });
});

describe('mentoring plan', () => {
  it('lets either side add goals, milestones and check-ins, and tick them, while the mentorship runs', async () => {
    const id = await createRequest({ requester: a, recipient: b, kind: 'ongoing', state: 'accepted' });
    await addPlanItem(as(a), { id, kind: 'goal', text: 'Ship a Bun service', dueOn: '2026-09-30' });
    const goal = (await getRequestPage(as(a), id)).plan!.goals[0]!;
    await addPlanItem(as(b), { id, kind: 'milestone', text: 'Port the build script', goalId: goal.id });
    await addPlanItem(as(b), { id, kind: 'checkin', text: 'Review the first PR', dueOn: '2026-07-01' });
    await togglePlanItem(as(b), { id, itemId: goal.id });
    const plan = (await getRequestPage(as(b), id)).plan!;
    expect(plan).toMatchObject({ done: 1, total: 3 });
    expect(plan.goals[0]!.milestones.map((m) => m.text)).toEqual(['Port the build script']);
    expect((await noticesFor(b.id)).map((n) => n.kind)).toContain('request.plan');
    expect(await togglePlanItem(as(a), { id, itemId: goal.id })).toEqual({ done: false });
  });

  it('refuses strangers (404), one-off requests and finished mentorships (409), and foreign goals', async () => {
    const stranger = await createMember();
    const id = await createRequest({ requester: a, recipient: b, kind: 'ongoing', state: 'accepted' });
    await expect(
      addPlanItem(as(stranger), { id, kind: 'checkin', text: 'Hello', dueOn: '2026-07-01' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const adhoc = await createRequest({ requester: a, recipient: b, kind: 'adhoc', state: 'accepted' });
    await expect(
      addPlanItem(as(a), { id: adhoc, kind: 'checkin', text: 'Hello', dueOn: '2026-07-01' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await createRequest({
      requester: a,
      recipient: b,
      kind: 'ongoing',
      reverse: true,
      state: 'completed',
    });
    await expect(
      addPlanItem(as(a), { id: done, kind: 'checkin', text: 'Hello', dueOn: '2026-07-01' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addPlanItem(as(a), { id, kind: 'milestone', text: 'Orphan', goalId: 999_999 })).rejects.toMatchObject({
      fields: { goalId: expect.any(String) },
    });
  });
});

describe('reports and moderators', () => {
  const reportIt = (m: Member, id: string, details = 'Asked me for my home address.') =>
    fileReport(as(m), { kind: 'request', id, reason: 'harassment', details });

  it('lets a participant report; moderators then read the thread, logged, until they close the reports', async () => {
    const moderator = await createMember({ role: 'moderator' });
    const id = await createRequest({ requester: a, recipient: b });
    await expect(getRequestPage(as(moderator, 'moderator'), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await reportIt(b, id);
    expect((await noticesFor(moderator.id)).map((n) => n.kind)).toEqual(['moderation.reported']);
    const page = await getRequestPage(as(moderator, 'moderator'), id);
    expect(page.role).toBe('moderator');
    expect(page.thread).not.toBeNull();
    expect(page.actions).toEqual([]);
    expect(page.outcome).toBeNull();
    const reads = (await getDb().select().from(auditLog)).filter(
      (e) => e.action === 'thread.read' && e.subjectId === id,
    );
    expect(reads.map((e) => e.actorId)).toEqual([moderator.id]);
    const queue = await moderationQueue(as(moderator, 'moderator'), { sort: 'newest' });
    expect(queue.cases.map((c) => c.requestId)).toContain(id);

    await dismissRequestReports(as(moderator, 'moderator'), { id });
    await expect(getRequestPage(as(moderator, 'moderator'), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps reports and the queue away from everyone else', async () => {
    const stranger = await createMember();
    const id = await createRequest({ requester: a, recipient: b });
    await expect(reportIt(stranger, id, 'I want to see this.')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await reportIt(b, id, 'Spam, selling courses.');
    await expect(getRequestPage(as(stranger), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(moderationQueue(as(stranger), { sort: 'newest' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(dismissRequestReports(as(a), { id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('takes one report per person per request, and rate-limits reports', async () => {
    const first = await createRequest({ requester: a, recipient: b });
    await reportIt(b, first);
    await expect(reportIt(b, first, 'Again.')).rejects.toMatchObject({ code: 'CONFLICT' });
    for (let i = 0; i < 4; i++) await reportIt(b, await createRequest({ requester: a, recipient: b }));
    await expect(reportIt(b, await createRequest({ requester: a, recipient: b }))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
