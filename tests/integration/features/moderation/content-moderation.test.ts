import { and, eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { auditLog, rateLimits, reports, searchJobs } from '#db/schema/index.ts';
import { loadEvent } from '#features/events/event-access.ts';
import { eventsSource } from '#features/events/events.search.ts';
import { findVisibleList } from '#features/lists/list-access.ts';
import { listsSource } from '#features/lists/lists.search.ts';
import { dismissCase, hideSubject, restoreSubject, warnMember } from '#features/moderation/actions.service.ts';
import { caseView, moderationQueue } from '#features/moderation/queue.service.ts';
import { fileReport, myReports } from '#features/moderation/report.service.ts';
import { peopleSource } from '#features/people/people.search.ts';
import { getPublicProfile } from '#features/profiles/profiles.service.ts';
import { drainOutbox, searchIndex, stopSearch } from '#server/search/index.ts';
import { createEvent, createList, createMember, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor } from '../requests/helpers.ts';

let owner: Member;
let reporter: Member;
let other: Member;
let moderator: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  owner = await createMember({ headline: 'I sell courses' });
  reporter = await createMember();
  other = await createMember();
  moderator = await createMember({ role: 'moderator' });
});

const mod = () => as(moderator, 'moderator');
const reportProfile = (by: Member, details = 'Spam links in the headline.') =>
  fileReport(as(by), { kind: 'profile', id: owner.handle, reason: 'spam', details });
const jobsFor = (index: 'people' | 'events' | 'lists', id: string) =>
  getDb()
    .select()
    .from(searchJobs)
    .where(and(eq(searchJobs.index, index), eq(searchJobs.entityId, id)));
/** Ids the search engine returns for a query, after the outbox has been applied. */
const found = async (index: 'people' | 'events' | 'lists', q: string) => {
  await drainOutbox();
  const outcome = await searchIndex(index, { q, filters: {} });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result.hits.map((h) => h.id);
};
afterAll(() => stopSearch());

describe('reporting', () => {
  it('takes a report on a profile, event and list with a snapshot, and tells the moderators', async () => {
    const event = await createEvent({ organizer: owner, title: 'Get rich with Rust' });
    const list = await createList({ owner, title: 'Links to my shop' });
    const p = await reportProfile(reporter);
    const e = await fileReport(as(reporter), { kind: 'event', id: event.slug, reason: 'misleading', details: '' });
    const l = await fileReport(as(reporter), { kind: 'list', id: list.slug, reason: 'spam', details: 'Ads.' });
    const rows = await getDb().select().from(reports).where(eq(reports.reporterId, reporter.id));
    expect(rows.map((r) => [r.id, r.subjectKind, r.subjectOwnerId, r.status]).sort()).toEqual(
      [
        [p.id, 'profile', owner.id, 'open'],
        [e.id, 'event', owner.id, 'open'],
        [l.id, 'list', owner.id, 'open'],
      ].sort(),
    );
    expect(rows.find((r) => r.id === e.id)!.snapshot.title).toBe('Get rich with Rust');
    expect((await noticesFor(moderator.id)).filter((n) => n.kind === 'moderation.reported')).toHaveLength(3);
    // The reporter follows their reports and their status.
    expect((await myReports(reporter.id)).map((r) => r.statusLabel)).toEqual(
      expect.arrayContaining([expect.any(String)]),
    );
    expect(await myReports(reporter.id)).toHaveLength(3);
  });

  it('refuses your own thing, and things you may not see (404, like a missing one)', async () => {
    await expect(
      fileReport(as(owner), { kind: 'profile', id: owner.handle, reason: 'spam', details: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const draft = await createEvent({ organizer: owner, status: 'draft' });
    await expect(
      fileReport(as(reporter), { kind: 'event', id: draft.slug, reason: 'spam', details: '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      fileReport(as(reporter), { kind: 'profile', id: 'no-such-handle', reason: 'spam', details: '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('takes one report per person per thing, even when the same member sends it twice at once', async () => {
    const results = await Promise.allSettled([
      reportProfile(reporter),
      reportProfile(reporter),
      reportProfile(reporter),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(await getDb().select().from(reports).where(eq(reports.subjectId, owner.id))).toHaveLength(1);
    // Someone else may still report the same thing.
    await reportProfile(other);
    expect(await getDb().select().from(reports).where(eq(reports.subjectId, owner.id))).toHaveLength(2);
  });
});

describe('the queue', () => {
  it('shows moderators the most-reported first, with earlier reports on the same member; nobody else', async () => {
    const list = await createList({ owner });
    await fileReport(as(reporter), { kind: 'list', id: list.slug, reason: 'spam', details: '' });
    await reportProfile(reporter);
    await reportProfile(other);
    const most = await moderationQueue(mod(), { sort: 'most' });
    const mine = most.cases.filter((c) => c.owner.handle === owner.handle);
    expect(mine.map((c) => [c.kind, c.openReports])).toEqual([
      ['profile', 2],
      ['list', 1],
    ]);
    const [profileCase] = mine;
    const view = await caseView(mod(), profileCase!.reportId);
    expect(view.reports.map((r) => r.reporterHandle).sort()).toEqual([other.handle, reporter.handle].sort());
    expect(view.record!.earlierReports.map((r) => r.kindLabel)).toEqual(['Reading list']);

    await expect(moderationQueue(as(reporter), { sort: 'most' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(moderationQueue(null, { sort: 'most' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caseView(as(owner), profileCase!.reportId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('hiding and restoring', () => {
  it('hides a profile from everyone but its owner and moderators, drops it from search, and brings it back', async () => {
    const { id } = await reportProfile(reporter);
    await getDb().delete(searchJobs);
    await hideSubject(mod(), { reportId: id, reason: 'Spam links in the headline.' });

    await expect(getPublicProfile(owner.handle, as(other))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPublicProfile(owner.handle, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPublicProfile(owner.handle, as(owner))).resolves.toBeTruthy();
    await expect(getPublicProfile(owner.handle, mod())).resolves.toBeTruthy();
    // The hide queued the profile in the same transaction; the worker finds nothing to index and drops it.
    expect((await jobsFor('people', owner.id)).map((j) => j.op)).toEqual(['upsert']);
    expect(await peopleSource.load([owner.id])).toEqual([]);
    expect(await found('people', owner.displayName)).not.toContain(owner.id);

    const told = (await noticesFor(owner.id)).find((n) => n.kind === 'moderation.hidden');
    expect(told?.body).toContain('Spam links in the headline.');
    const [report] = await getDb().select().from(reports).where(eq(reports.id, id));
    expect(report!.status).toBe('actioned');
    expect((await noticesFor(reporter.id)).map((n) => n.kind)).toContain('moderation.report_closed');

    await getDb().delete(searchJobs);
    await restoreSubject(mod(), { reportId: id, reason: 'The links are gone now.' });
    await expect(getPublicProfile(owner.handle, as(other))).resolves.toBeTruthy();
    expect((await jobsFor('people', owner.id)).map((j) => j.op)).toEqual(['upsert']);
    expect(await found('people', owner.displayName)).toContain(owner.id);
    expect((await noticesFor(owner.id)).map((n) => n.kind)).toContain('moderation.restored');
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.memberId, owner.id));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['content.hide', moderator.id],
      ['content.restore', moderator.id],
    ]);
  });

  it('hides an event and a list the same way (404 for others, search drops them)', async () => {
    const event = await createEvent({ organizer: owner, title: 'Quokka pricing masterclass' });
    const list = await createList({ owner, title: 'Quokka shop links' });
    expect(await found('events', 'quokka')).toContain(event.id);
    expect(await found('lists', 'quokka')).toContain(list.id);
    const e = await fileReport(as(reporter), { kind: 'event', id: event.slug, reason: 'spam', details: '' });
    const l = await fileReport(as(reporter), { kind: 'list', id: list.slug, reason: 'spam', details: '' });
    await getDb().delete(searchJobs);
    await hideSubject(mod(), { reportId: e.id, reason: 'Advertising, not a workshop.' });
    await hideSubject(mod(), { reportId: l.id, reason: 'Advertising, not reading.' });

    await expect(loadEvent({ slug: event.slug }, as(other))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadEvent({ slug: event.slug }, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadEvent({ slug: event.slug }, as(owner))).resolves.toBeTruthy();
    await expect(loadEvent({ slug: event.slug }, mod())).resolves.toBeTruthy();
    expect(await findVisibleList({ slug: list.slug }, as(other))).toBeNull();
    expect(await findVisibleList({ slug: list.slug }, as(owner))).not.toBeNull();
    expect(await findVisibleList({ slug: list.slug }, mod())).not.toBeNull();
    expect(await eventsSource.load([event.id])).toEqual([]);
    expect(await listsSource.load([list.id])).toEqual([]);
    expect(await found('events', 'quokka')).not.toContain(event.id);
    expect(await found('lists', 'quokka')).not.toContain(list.id);
  });

  it('refuses members, the owner, and a moderator acting on another moderator’s things', async () => {
    const { id } = await reportProfile(reporter);
    await expect(hideSubject(as(other), { reportId: id, reason: 'I do not like it.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(hideSubject(as(owner), { reportId: id, reason: 'Hiding myself.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const colleague = await createMember({ role: 'moderator' });
    const c = await fileReport(as(reporter), { kind: 'profile', id: colleague.handle, reason: 'spam', details: '' });
    await expect(hideSubject(mod(), { reportId: c.id, reason: 'Spam.' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An admin may act on a moderator.
    const admin = await createMember({ role: 'admin' });
    await expect(hideSubject(as(admin, 'admin'), { reportId: c.id, reason: 'Spam links.' })).resolves.toBeTruthy();
  });

  it('lets exactly one of two moderators hiding the same thing at once win', async () => {
    const { id } = await reportProfile(reporter);
    const second = await createMember({ role: 'moderator' });
    const results = await Promise.allSettled([
      hideSubject(mod(), { reportId: id, reason: 'Spam links, first.' }),
      hideSubject(as(second, 'moderator'), { reportId: id, reason: 'Spam links, second.' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const hides = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.memberId, owner.id), eq(auditLog.action, 'content.hide')));
    expect(hides).toHaveLength(1);
    expect((await noticesFor(owner.id)).filter((n) => n.kind === 'moderation.hidden')).toHaveLength(1);
  });
});

describe('dismissing and warning', () => {
  it('dismisses a case: reporters are told with the moderator’s words, the owner hears nothing', async () => {
    const { id } = await reportProfile(reporter);
    await dismissCase(mod(), { reportId: id, reason: 'A headline about courses is allowed here.' });
    const closed = (await noticesFor(reporter.id)).find((n) => n.kind === 'moderation.report_closed');
    expect(closed?.body).toContain('A headline about courses is allowed here.');
    expect((await noticesFor(owner.id)).filter((n) => n.kind.startsWith('moderation.'))).toEqual([]);
    await expect(dismissCase(mod(), { reportId: id, reason: 'Twice over.' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(dismissCase(as(other), { reportId: id, reason: 'Not mine to say.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('warns a member with a reason they read; members and self-warnings are refused', async () => {
    await warnMember(mod(), { memberId: owner.id, reason: 'Please keep shop links off your profile.' });
    const warned = (await noticesFor(owner.id)).find((n) => n.kind === 'moderation.warned');
    expect(warned?.body).toContain('Please keep shop links off your profile.');
    await expect(warnMember(as(other), { memberId: owner.id, reason: 'Be nice, please.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(warnMember(mod(), { memberId: moderator.id, reason: 'Warning myself.' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
