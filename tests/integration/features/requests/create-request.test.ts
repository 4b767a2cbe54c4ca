import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberBlocks, rateLimits, requestSlots, searchJobs } from '#db/schema/index.ts';
import { getAskState } from '#features/members/members.service.ts';
import { createRequest } from '#features/requests/asking/ask.service.ts';
import { withdrawRequest } from '#features/requests/lifecycle/lifecycle.service.ts';
import { createMember, createRequest as makeRequest } from '#tests/helpers/factories.ts';
import { as, inDays, noticesFor, peopleJob, requestForm, requestRow } from './helpers.ts';

beforeEach(async () => {
  await getDb().delete(rateLimits);
  await getDb().delete(searchJobs);
});

describe('sending a direct request', () => {
  it('stores the request, its slots in UTC, notifies the recipient and queues their search document', async () => {
    const amara = await createMember({ seniority: 'mid', timezone: 'Africa/Lagos' });
    const tunde = await createMember({ seniority: 'mid', skills: [{ skill: 'Bun', canTeach: true }] });
    const { id } = await createRequest(
      as(amara),
      requestForm({ to: tunde.handle, timezone: 'Africa/Lagos', slot1: '2030-01-10T18:30', slot2: '2030-01-11T09:00' }),
      new Date('2029-12-01T00:00:00Z'),
    );
    const row = await requestRow(id);
    expect(row).toMatchObject({
      requesterId: amara.id,
      recipientId: tunde.id,
      openCall: false,
      state: 'open',
      kind: 'adhoc',
      format: 'video',
    });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(14 * 86_400_000);
    const slots = await getDb().select().from(requestSlots).where(eq(requestSlots.requestId, id));
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2030-01-10T17:30:00.000Z',
      '2030-01-11T08:00:00.000Z',
    ]);
    const [notice] = await noticesFor(tunde.id);
    expect(notice).toMatchObject({ kind: 'request.received', url: `/requests/${id}`, actorId: amara.id });
    expect(await peopleJob(tunde.id)).toBeDefined();
  });

  it('labels it reverse when a senior asks a junior, and keeps an explicit choice', async () => {
    const senior = await createMember({ seniority: 'senior' });
    const junior = await createMember({ seniority: 'junior' });
    const auto = await createRequest(as(senior), requestForm({ to: junior.handle, kind: 'ongoing' }));
    expect(await requestRow(auto.id)).toMatchObject({ kind: 'reverse', reverseAuto: true });
    const chosen = await createRequest(as(junior), requestForm({ to: senior.handle, kind: 'reverse' }));
    expect(await requestRow(chosen.id)).toMatchObject({ kind: 'reverse', reverseAuto: false });
    const plain = await createRequest(as(junior), requestForm({ to: senior.handle, kind: 'adhoc' }));
    expect(await requestRow(plain.id)).toMatchObject({ kind: 'adhoc', reverseAuto: false });
  });

  it('finds the topic by name, slug or alias, and refuses an unknown one beside the field', async () => {
    const a = await createMember();
    const b = await createMember();
    const k8s = await createRequest(as(a), requestForm({ to: b.handle, topic: 'k8s' }));
    expect((await requestRow(k8s.id))!.skillId).toBeGreaterThan(0);
    await expect(
      createRequest(as(a), requestForm({ to: b.handle, topic: 'Quantum basket weaving' })),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { topic: expect.stringMatching(/do not know that topic/) },
    });
  });

  it('refuses slots in the past or in a daylight-saving gap, per field', async () => {
    const a = await createMember();
    const b = await createMember();
    await expect(
      createRequest(
        as(a),
        requestForm({ to: b.handle, timezone: 'Europe/Berlin', slot1: '2020-01-01T10:00', slot2: '2030-03-31T02:30' }),
        new Date('2030-01-01T00:00:00Z'),
      ),
    ).rejects.toMatchObject({
      fields: { slot1: 'Pick a time in the future.', slot2: expect.stringMatching(/does not exist/) },
    });
  });

  it('refuses a request to yourself', async () => {
    const a = await createMember();
    await expect(createRequest(as(a), requestForm({ to: a.handle }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: /yourself/,
    });
    expect(await getAskState(a.id, a.id)).toEqual({ kind: 'own' });
  });

  it('refuses an unknown handle with NOT_FOUND', async () => {
    const a = await createMember();
    await expect(createRequest(as(a), requestForm({ to: 'nobody-here' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('limits', () => {
  it('refuses a member at capacity (open + accepted received), and allows one below it', async () => {
    const helper = await createMember({ capacityOpenRequests: 2 });
    const asker = await createMember();
    const other = await createMember();
    await makeRequest({ requester: other, recipient: helper, state: 'accepted' });
    // One place left: allowed.
    await createRequest(as(asker), requestForm({ to: helper.handle }));
    expect((await getAskState(other.id, helper.id)).kind).toBe('unavailable');
    await expect(createRequest(as(other), requestForm({ to: helper.handle }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /at capacity/,
    });
  });

  it('does not count closed requests against capacity', async () => {
    const helper = await createMember({ capacityOpenRequests: 1 });
    const asker = await createMember();
    for (const state of ['completed', 'declined', 'withdrawn', 'cancelled', 'expired'] as const) {
      await makeRequest({ requester: asker, recipient: helper, state });
    }
    expect(await getAskState(asker.id, helper.id)).toEqual({ kind: 'open' });
    await expect(createRequest(as(asker), requestForm({ to: helper.handle }))).resolves.toBeDefined();
  });

  it('refuses a member who takes no requests (capacity 0) or is away, and allows them back', async () => {
    const closed = await createMember({ capacityOpenRequests: 0 });
    const away = await createMember({ unavailableUntil: '2099-01-01' });
    const back = await createMember({ unavailableUntil: '2001-01-01' });
    const asker = await createMember();
    await expect(createRequest(as(asker), requestForm({ to: closed.handle }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /not taking requests/,
    });
    await expect(createRequest(as(asker), requestForm({ to: away.handle }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /away until 1 January 2099/,
    });
    await expect(createRequest(as(asker), requestForm({ to: back.handle }))).resolves.toBeDefined();
  });

  it('lets a requester have at most five requests waiting for an answer', async () => {
    const asker = await createMember();
    const helpers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createMember()));
    for (const h of helpers.slice(0, 5)) await createRequest(as(asker), requestForm({ to: h.handle }));
    await expect(createRequest(as(asker), requestForm({ to: helpers[5]!.handle }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /5 requests waiting/,
    });
    // An open call waits for an answer too, so it counts.
    await expect(createRequest(as(asker), requestForm())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('holds both caps under concurrent sends', async () => {
    const asker = await createMember();
    const helpers = await Promise.all(Array.from({ length: 8 }, () => createMember()));
    const sends = await Promise.allSettled(helpers.map((h) => createRequest(as(asker), requestForm({ to: h.handle }))));
    expect(sends.filter((s) => s.status === 'fulfilled')).toHaveLength(5);

    const popular = await createMember({ capacityOpenRequests: 3 });
    const askers = await Promise.all(Array.from({ length: 7 }, () => createMember()));
    const results = await Promise.allSettled(
      askers.map((a) => createRequest(as(a), requestForm({ to: popular.handle }))),
    );
    expect(results.filter((s) => s.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
  });

  it('rate-limits sending', async () => {
    const asker = await createMember();
    const now = new Date();
    const helpers = await Promise.all(Array.from({ length: 12 }, () => createMember()));
    // Ten sends an hour. Five may wait at once, so the asker withdraws each after sending;
    // a send the open-request cap refuses is not counted (it reaches nobody).
    const attempts = [];
    for (const h of helpers.slice(0, 11)) {
      const sent = await createRequest(as(asker), requestForm({ to: h.handle }), now).catch((e: unknown) => e);
      attempts.push(sent);
      if (sent && typeof sent === 'object' && 'id' in sent)
        await withdrawRequest(as(asker), { id: sent.id as string }, now);
    }
    expect(attempts.slice(0, 10).every((a) => a && typeof a === 'object' && 'id' in a)).toBe(true);
    expect(attempts[10]).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
  });
});

describe('blocks', () => {
  it('stops the blocked member from requesting the blocker, without revealing the block', async () => {
    const blocker = await createMember();
    const blocked = await createMember();
    await getDb().insert(memberBlocks).values({ blockerId: blocker.id, blockedId: blocked.id });
    await expect(createRequest(as(blocked), requestForm({ to: blocker.handle }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${blocker.displayName} is not taking requests right now.`,
    });
    expect(await getAskState(blocked.id, blocker.id)).toMatchObject({
      kind: 'unavailable',
      message: /not taking requests/,
    });
  });

  it('tells the blocker they blocked the member', async () => {
    const blocker = await createMember();
    const blocked = await createMember();
    await getDb().insert(memberBlocks).values({ blockerId: blocker.id, blockedId: blocked.id });
    await expect(createRequest(as(blocker), requestForm({ to: blocked.handle }))).rejects.toMatchObject({
      message: /You blocked/,
    });
    expect(await getAskState(blocker.id, blocked.id)).toEqual({ kind: 'blocked-by-viewer' });
  });
});

describe('open calls', () => {
  it('notifies teachers of the topic who have room, never the requester or blocked members', async () => {
    const asker = await createMember();
    const teacher = await createMember({ skills: [{ skill: 'Terraform', canTeach: true }] });
    const full = await createMember({ capacityOpenRequests: 0, skills: [{ skill: 'Terraform', canTeach: true }] });
    const blocker = await createMember({ skills: [{ skill: 'Terraform', canTeach: true }] });
    const learner = await createMember({ skills: [{ skill: 'Terraform', wantsToLearn: true }] });
    await getDb().insert(memberBlocks).values({ blockerId: blocker.id, blockedId: asker.id });
    const { id } = await createRequest(as(asker), requestForm({ topic: 'Terraform', slot1: inDays(2) }));
    expect(await requestRow(id)).toMatchObject({ openCall: true, recipientId: null, state: 'open' });
    expect((await noticesFor(teacher.id)).map((n) => n.kind)).toEqual(['request.open_call']);
    for (const m of [full, blocker, learner, asker]) expect(await noticesFor(m.id)).toEqual([]);
  });

  it('accepts no slots (the helper then proposes a time)', async () => {
    const asker = await createMember();
    const { id } = await createRequest(as(asker), requestForm({ slot1: undefined }));
    expect(await getDb().select().from(requestSlots).where(eq(requestSlots.requestId, id))).toEqual([]);
  });
});

describe('the sending limit', () => {
  it('counts only requests that could be sent: mistyped forms do not use it up', async () => {
    const asker = await createMember();
    const helper = await createMember({ skills: [{ skill: 'Bun', canTeach: true }], capacityOpenRequests: 10 });
    for (let i = 0; i < 15; i++) {
      await createRequest(as(asker), requestForm({ to: helper.handle, slot1: '2000-01-01T10:00' })).catch(
        () => undefined,
      );
    }
    await expect(createRequest(as(asker), requestForm({ to: helper.handle }))).resolves.toMatchObject({
      id: expect.any(String),
    });
  });
});
