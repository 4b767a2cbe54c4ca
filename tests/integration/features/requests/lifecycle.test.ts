import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { rateLimits, requestMessages, searchJobs } from '#db/schema/index.ts';
import {
  acceptRequest,
  cancelRequest,
  completeRequest,
  declineRequest,
  withdrawRequest,
} from '#features/requests/lifecycle/lifecycle.service.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { DECLINE_PHRASES } from '#features/requests/requests.ts';
import { askForDetails, postMessage } from '#features/requests/thread/thread.service.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, inDays, noticesFor, peopleJob, requestRow } from './helpers.ts';

const thread = (id: string) =>
  getDb().select().from(requestMessages).where(eq(requestMessages.requestId, id)).orderBy(requestMessages.id);

let requester: Member;
let helper: Member;
let stranger: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  await getDb().delete(searchJobs);
  requester = await createMember({ timezone: 'Europe/Berlin' });
  helper = await createMember({ timezone: 'Asia/Kolkata' });
  stranger = await createMember();
});

const future = (days: number) => new Date(Date.now() + days * 86_400_000);

describe('accepting', () => {
  it('accepts with one of the proposed slots and tells the requester the time in their zone', async () => {
    const slot = new Date('2030-06-01T16:00:00Z');
    const id = await createRequest({ requester, recipient: helper, slots: [future(2), slot] });
    await acceptRequest(as(helper), { id, choice: 'slot-2', message: 'Happy to help!' });
    expect(await requestRow(id)).toMatchObject({
      state: 'accepted',
      sessionStartsAt: slot,
      sessionZone: 'UTC',
      sequence: 1,
    });
    expect((await requestRow(id))!.firstAnsweredAt).not.toBeNull();
    const [notice] = await noticesFor(requester.id);
    expect(notice).toMatchObject({
      kind: 'request.accepted',
      body: 'Session: Sat, 1 Jun 2030, 18:00 (Europe/Berlin).',
    });
    expect((await thread(id)).map((m) => [m.kind, m.body])).toEqual([
      ['event', 'accepted the request'],
      ['message', 'Happy to help!'],
    ]);
  });

  it('accepts with a counter-proposed time typed in the helper’s zone', async () => {
    const id = await createRequest({ requester, recipient: helper, slots: [future(2)] });
    const at = future(30);
    at.setUTCHours(4, 0, 0, 0);
    const proposed = toLocalInputValue(at, 'Asia/Kolkata');
    expect(proposed).toMatch(/T09:30$/);
    await acceptRequest(as(helper), { id, choice: 'other', proposed, timezone: 'Asia/Kolkata' });
    expect(await requestRow(id)).toMatchObject({ state: 'accepted', sessionStartsAt: at, sessionZone: 'Asia/Kolkata' });
  });

  it('reads a counter-proposal in the helper’s profile zone when the form names an unknown zone', async () => {
    const id = await createRequest({ requester, recipient: helper, slots: [future(2)] });
    const at = future(20);
    at.setUTCHours(4, 0, 0, 0);
    await acceptRequest(as(helper), {
      id,
      choice: 'other',
      proposed: toLocalInputValue(at, 'Asia/Kolkata'),
      timezone: 'Mars/Olympus_Mons',
    });
    expect(await requestRow(id)).toMatchObject({ sessionStartsAt: at, sessionZone: 'Asia/Kolkata' });
  });

  it('asks for a time when none is chosen, and refuses a slot that has passed', async () => {
    const id = await createRequest({ requester, recipient: helper, slots: [new Date(Date.now() - 3_600_000)] });
    await expect(acceptRequest(as(helper), { id, choice: 'other' })).rejects.toMatchObject({
      fields: { proposed: expect.any(String) },
    });
    await expect(acceptRequest(as(helper), { id, choice: 'slot-1' })).rejects.toMatchObject({
      fields: { choice: /passed/ },
    });
    await expect(acceptRequest(as(helper), { id, choice: 'slot-3' })).rejects.toMatchObject({
      fields: { choice: expect.any(String) },
    });
    expect((await requestRow(id))!.state).toBe('open');
  });

  it('refuses the requester (403), a stranger (404) and a second accept (409)', async () => {
    const id = await createRequest({ requester, recipient: helper, slots: [future(2)] });
    await expect(acceptRequest(as(requester), { id, choice: 'slot-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(acceptRequest(as(stranger), { id, choice: 'slot-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await acceptRequest(as(helper), { id, choice: 'slot-1' });
    await expect(acceptRequest(as(helper), { id, choice: 'slot-1' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /accepted/,
    });
  });

  it('lets only one of an accept and a withdraw at the same moment win', async () => {
    const id = await createRequest({ requester, recipient: helper, slots: [future(2)] });
    const results = await Promise.allSettled([
      acceptRequest(as(helper), { id, choice: 'slot-1' }),
      withdrawRequest(as(requester), { id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(['accepted', 'withdrawn']).toContain((await requestRow(id))!.state);
  });
});

describe('open calls', () => {
  it('is picked up by exactly one of many teachers pressing at once', async () => {
    const teachers = await Promise.all(
      Array.from({ length: 8 }, () => createMember({ skills: [{ skill: 'Bun', canTeach: true }] })),
    );
    const id = await createRequest({ requester, skill: 'Bun', slots: [future(2)] });
    const results = await Promise.allSettled(teachers.map((t) => acceptRequest(as(t), { id, choice: 'slot-1' })));
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [teachers[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ code: 'CONFLICT', message: /Someone else picked up/ });
    expect(await requestRow(id)).toMatchObject({ state: 'accepted', recipientId: winners[0]!.id, openCall: true });
    expect(await peopleJob(winners[0]!.id)).toBeDefined();
    const [notice] = await noticesFor(requester.id);
    expect(notice!.title).toMatch(/picked up your open call/);
    // Now private: the other teachers get 404.
    const loser = teachers.find((t) => t.id !== winners[0]!.id)!;
    await expect(loadForViewer(id, as(loser))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is picked up only by members who teach the topic and have room', async () => {
    const learner = await createMember({ skills: [{ skill: 'Bun', wantsToLearn: true }] });
    const full = await createMember({ capacityOpenRequests: 1, skills: [{ skill: 'Bun', canTeach: true }] });
    await createRequest({ requester: stranger, recipient: full });
    const id = await createRequest({ requester, skill: 'Bun', slots: [future(2)] });
    await expect(acceptRequest(as(learner), { id, choice: 'slot-1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: /teach Bun/,
    });
    await expect(acceptRequest(as(full), { id, choice: 'slot-1' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /capacity/,
    });
    expect((await requestRow(id))!.state).toBe('open');
  });

  it('cannot be picked up by the requester', async () => {
    const id = await createRequest({ requester, skill: 'Bun', slots: [future(2)] });
    await expect(acceptRequest(as(requester), { id, choice: 'slot-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('declining, asking, withdrawing', () => {
  it('declines with a ready-made phrase and own words, which the requester reads', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await declineRequest(as(helper), { id, phrase: 'busy', note: 'Try Kai, he knows Bun well.' });
    const row = await requestRow(id);
    expect(row).toMatchObject({
      state: 'declined',
      closedBy: helper.id,
      closeReason: `${DECLINE_PHRASES.busy}\n\nTry Kai, he knows Bun well.`,
    });
    expect((await noticesFor(requester.id))[0]).toMatchObject({ kind: 'request.declined', body: row!.closeReason });
    expect(await peopleJob(helper.id)).toBeDefined();
  });

  it('declines without a reason', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await declineRequest(as(helper), { id });
    expect(await requestRow(id)).toMatchObject({ state: 'declined', closeReason: null });
  });

  it('asks for more details: the question is in the thread, the request stays open and waits longer', async () => {
    const createdAt = new Date(Date.now() - 10 * 86_400_000);
    const id = await createRequest({ requester, recipient: helper, createdAt });
    await askForDetails(as(helper), { id, question: 'Which Bun version are you on?' });
    const row = await requestRow(id);
    expect(row!.state).toBe('open');
    expect(row!.firstAnsweredAt).not.toBeNull();
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect((await thread(id)).map((m) => [m.kind, m.body])).toEqual([['question', 'Which Bun version are you on?']]);
    expect((await noticesFor(requester.id))[0]!.kind).toBe('request.question');
    await expect(askForDetails(as(requester), { id, question: 'Can I ask myself?' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('withdraws only the requester’s own open request', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await expect(withdrawRequest(as(helper), { id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await withdrawRequest(as(requester), { id });
    expect(await requestRow(id)).toMatchObject({ state: 'withdrawn' });
    expect((await noticesFor(helper.id))[0]!.kind).toBe('request.withdrawn');
    await expect(withdrawRequest(as(requester), { id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('after acceptance', () => {
  it('lets either side cancel, bumping the calendar sequence, with a reason for the other', async () => {
    const id = await createRequest({ requester, recipient: helper, state: 'accepted' });
    await cancelRequest(as(requester), { id, reason: 'Something came up at work.' });
    expect(await requestRow(id)).toMatchObject({
      state: 'cancelled',
      closeReason: 'Something came up at work.',
      sequence: 1,
    });
    expect((await noticesFor(helper.id))[0]).toMatchObject({
      kind: 'request.cancelled',
      body: 'Something came up at work.',
    });
    const other = await createRequest({ requester, recipient: helper, state: 'accepted' });
    await cancelRequest(as(helper), { id: other });
    expect((await requestRow(other))!.state).toBe('cancelled');
  });

  it('refuses to cancel an open request (withdraw it instead)', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await expect(cancelRequest(as(requester), { id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('completes, and queues the helper’s search document in the same go', async () => {
    const id = await createRequest({ requester, recipient: helper, state: 'accepted' });
    await getDb().delete(searchJobs);
    await completeRequest(as(helper), { id });
    expect(await requestRow(id)).toMatchObject({ state: 'completed', closedBy: helper.id });
    expect(await peopleJob(helper.id)).toBeDefined();
    expect((await noticesFor(requester.id))[0]!.kind).toBe('request.completed');
    await expect(completeRequest(as(requester), { id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses completing an open request', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await expect(completeRequest(as(requester), { id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('the thread', () => {
  it('carries messages between the two participants and tells the other one', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await postMessage(as(requester), { id, body: 'I am on Bun 1.2, macOS.' });
    await postMessage(as(helper), { id, body: 'Great, **thanks**.' });
    expect((await thread(id)).map((m) => m.authorId)).toEqual([requester.id, helper.id]);
    expect((await noticesFor(helper.id))[0]!.kind).toBe('request.message');
    // A message from the helper counts as an answer for responsiveness.
    expect((await requestRow(id))!.firstAnsweredAt).not.toBeNull();
  });

  it('is closed to strangers (404), to unclaimed open-call readers (403) and once the request is closed (409)', async () => {
    const id = await createRequest({ requester, recipient: helper });
    await expect(postMessage(as(stranger), { id, body: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const call = await createRequest({ requester, skill: 'Bun' });
    await expect(postMessage(as(stranger), { id: call, body: 'hi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const closed = await createRequest({ requester, recipient: helper, state: 'declined' });
    await expect(postMessage(as(requester), { id: closed, body: 'Thanks anyway' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('inDays helper', () => {
  it('gives a datetime-local value', () => {
    expect(inDays(1)).toMatch(/^\d{4}-\d{2}-\d{2}T15:00$/);
  });
});

describe('picking up as a junior', () => {
  it('labels a senior’s open call reverse mentoring when a junior picks it up', async () => {
    const senior = await createMember({ seniority: 'senior' });
    const junior = await createMember({ seniority: 'junior', skills: [{ skill: 'Bun', canTeach: true }] });
    const peer = await createMember({ seniority: 'senior', skills: [{ skill: 'Bun', canTeach: true }] });
    const first = await createRequest({ requester: senior, skill: 'Bun', slots: [future(2)] });
    await acceptRequest(as(junior), { id: first, choice: 'slot-1' });
    expect(await requestRow(first)).toMatchObject({ kind: 'reverse', reverseAuto: true });
    const second = await createRequest({ requester: senior, skill: 'Bun', slots: [future(2)] });
    await acceptRequest(as(peer), { id: second, choice: 'slot-1' });
    expect(await requestRow(second)).toMatchObject({ kind: 'adhoc', reverseAuto: false });
  });
});
