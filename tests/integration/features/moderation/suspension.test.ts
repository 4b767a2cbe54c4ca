import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { auditLog, events, rateLimits, users } from '#db/schema/index.ts';
import { loadEvent } from '#features/events/event-access.ts';
import { findVisibleList } from '#features/lists/list-access.ts';
import { liftSuspension, suspendMember } from '#features/moderation/actions.service.ts';
import { fileAppeal, grantAppeal, rejectAppeal, suspensionNotice } from '#features/moderation/appeals.service.ts';
import { liftEndedSuspensions } from '#features/moderation/moderation.jobs.ts';
import { getPublicProfile } from '#features/profiles/profiles.service.ts';
import { createEvent, createList, createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor, requestRow } from '../requests/helpers.ts';

let member: Member;
let other: Member;
let moderator: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  member = await createMember({ skills: [{ skill: 'Bun', canTeach: true }] });
  other = await createMember();
  moderator = await createMember({ role: 'moderator' });
});

const mod = () => as(moderator, 'moderator');
const suspend = (length: 'permanent' | '7d' = 'permanent', actor = mod(), who = member) =>
  suspendMember(actor, { memberId: who.id, reason: 'Repeated harassment in requests.', length });
const eventRow = (id: string) => getDb().select().from(events).where(eq(events.id, id)).get();

describe('suspending a member', () => {
  it('takes them out of the community: pages, lists, events, requests; the other side and co-hosts are told', async () => {
    const host = await createMember();
    const handed = await createEvent({ organizer: member, people: [{ user: host, role: 'host' }] });
    const alone = await createEvent({ organizer: member });
    const invitedOnly = await createEvent({
      organizer: member,
      people: [{ user: other, role: 'host', status: 'invited' }],
    });
    const list = await createList({ owner: member });
    const asked = await createRequest({ requester: other, recipient: member });
    const session = await createRequest({ requester: member, recipient: other, state: 'accepted' });

    const { until } = await suspend();
    expect(until).toBeNull();

    await expect(getPublicProfile(member.handle, as(other))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPublicProfile(member.handle, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPublicProfile(member.handle, mod())).resolves.toBeTruthy();
    expect(await findVisibleList({ slug: list.slug }, as(other))).toBeNull();
    expect(await findVisibleList({ slug: list.slug }, mod())).not.toBeNull();

    // Their events: the first passes to its co-host (who is told), the others are cancelled.
    expect((await eventRow(handed.id))!).toMatchObject({ organizerId: host.id, status: 'published' });
    await expect(loadEvent({ slug: handed.slug }, as(other))).resolves.toBeTruthy();
    expect((await noticesFor(host.id)).map((n) => n.kind)).toContain('event.handed_over');
    expect((await eventRow(alone.id))!.status).toBe('cancelled');
    // A co-host who never accepted is not handed the event.
    expect((await eventRow(invitedOnly.id))!).toMatchObject({ organizerId: member.id, status: 'cancelled' });

    // Their requests close, and the other side hears why.
    expect((await requestRow(asked))!.state).not.toMatch(/^(open|accepted)$/);
    expect((await requestRow(session))!.state).toBe('cancelled');
    expect((await noticesFor(other.id)).filter((n) => n.kind === 'request.closed').length).toBeGreaterThanOrEqual(2);

    const told = (await noticesFor(member.id)).find((n) => n.kind === 'moderation.suspended');
    expect(told?.body).toContain('Repeated harassment in requests.');
    const notice = await suspensionNotice(as(member));
    expect(notice).toMatchObject({ reason: 'Repeated harassment in requests.', until: null });
  });

  it('refuses members (404), suspending yourself, an admin, and a moderator suspending a moderator', async () => {
    await expect(suspend('7d', as(other))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(suspend('7d', mod(), moderator)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await createMember({ role: 'admin' });
    await expect(suspend('7d', mod(), admin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(suspend('7d', as(admin, 'admin'), admin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const colleague = await createMember({ role: 'moderator' });
    await expect(suspend('7d', mod(), colleague)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(suspend('7d', as(admin, 'admin'), colleague)).resolves.toBeTruthy();
  });

  it('lifts: the member is back in sight, told why; the audit log has both steps', async () => {
    await suspend();
    await liftSuspension(mod(), { memberId: member.id, reason: 'We talked it through.' });
    await expect(getPublicProfile(member.handle, as(other))).resolves.toBeTruthy();
    expect((await noticesFor(member.id)).map((n) => n.kind)).toContain('moderation.lifted');
    await expect(liftSuspension(mod(), { memberId: member.id, reason: 'Again.' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(liftSuspension(as(other), { memberId: member.id, reason: 'Let them back.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const log = await getDb().select().from(auditLog).where(eq(auditLog.memberId, member.id));
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ['member.suspend', moderator.id],
      ['member.lift', moderator.id],
    ]);
  });

  it('ends a suspension for a period by itself, once, even with two jobs at once', async () => {
    const now = new Date();
    await suspendMember(mod(), { memberId: member.id, reason: 'Cool off for a week.', length: '7d' }, now);
    const later = new Date(now.getTime() + 8 * 86_400_000);
    expect(await liftEndedSuspensions(now)).toBe(0);
    const lifted = await Promise.all([liftEndedSuspensions(later), liftEndedSuspensions(later)]);
    // Every ended suspension (this member's, and others' from earlier tests) is lifted by one job only.
    const bySite = (await getDb().select().from(auditLog)).filter((e) => e.action === 'member.lift' && !e.actorId);
    expect(lifted[0]! + lifted[1]!).toBe(bySite.length);
    const row = await getDb().select().from(users).where(eq(users.id, member.id)).get();
    expect(row!.suspendedAt).toBeNull();
    const lifts = (await getDb().select().from(auditLog).where(eq(auditLog.memberId, member.id))).filter(
      (e) => e.action === 'member.lift',
    );
    expect(lifts.map((e) => e.actorId)).toEqual([null]);
  });
});

describe('appeals', () => {
  it('lets a suspended member appeal once at a time; a rejection keeps the suspension, a grant lifts it', async () => {
    await expect(fileAppeal(as(member), { body: 'I was not suspended.' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await suspend();
    await fileAppeal(as(member), { body: 'I misread the request; I apologised to them already.' });
    await expect(fileAppeal(as(member), { body: 'A second appeal while the first is open.' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await noticesFor(moderator.id)).map((n) => n.kind)).toContain('moderation.appealed');

    const { openAppeal } = (await suspensionNotice(as(member)))!;
    await expect(
      rejectAppeal(as(other), { appealId: openAppeal!.id, reason: 'Not a moderator.' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await rejectAppeal(mod(), { appealId: openAppeal!.id, reason: 'The messages were clear.' });
    expect((await suspensionNotice(as(member)))!.openAppeal).toBeNull();

    await getDb().delete(rateLimits);
    await fileAppeal(as(member), { body: 'Here is the context you did not have before.' });
    const second = (await suspensionNotice(as(member)))!.openAppeal!;
    await grantAppeal(mod(), { appealId: second.id, reason: 'The new context changes things.' });
    expect(await suspensionNotice(as(member))).toBeNull();
    await expect(getPublicProfile(member.handle, as(other))).resolves.toBeTruthy();
  });
});

describe('the audit log', () => {
  it('is append-only at the database: no update, no delete', async () => {
    await suspend();
    await expect(getDb().update(auditLog).set({ reason: 'rewritten' })).rejects.toThrow();
    await expect(getDb().delete(auditLog)).rejects.toThrow();
    const log = await getDb().select().from(auditLog).where(eq(auditLog.memberId, member.id));
    expect(log.map((e) => e.reason)).toEqual(['Repeated harassment in requests.']);
  });
});
