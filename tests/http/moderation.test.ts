import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reports, users } from '#db/schema/index.ts';
import { createEvent, createList, createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * Moderation over HTTP, against the built server: who may open the queue, a case, a
 * member's page and /admin (member, owner, moderator, admin, suspended, visitor), and
 * what a hide and a suspension do to pages, search and calendar files. Refusals change
 * nothing and look like a missing page.
 */

type Who = 'owner' | 'reporter' | 'moderator' | 'admin' | 'anonymous';
let server: TestServer;
const members = {} as Record<Exclude<Who, 'anonymous'>, Member>;
const clients = {} as Record<Who, HttpClient>;
let event: { id: string; slug: string };
let list: { id: string; slug: string };

beforeAll(async () => {
  server = await startServer();
  const db = server.database.db;
  members.owner = await createMember(
    { handle: 'mod-owner', displayName: 'Quentin Spamwell', skills: [{ skill: 'Elixir', canTeach: true, level: 4 }] },
    db,
  );
  members.reporter = await createMember({ handle: 'mod-reporter' }, db);
  members.moderator = await createMember({ handle: 'mod-moderator', role: 'moderator' }, db);
  members.admin = await createMember({ handle: 'mod-admin', role: 'admin' }, db);
  await queuePeopleIndexing([members.owner.id], db);
  event = await createEvent({ organizer: members.owner, title: 'Quokka growth hacks', topics: ['Elixir'] }, db);
  list = await createList({ owner: members.owner, title: 'Quokka affiliate links' }, db);
  for (const who of ['owner', 'reporter', 'moderator', 'admin', 'anonymous'] as Who[]) {
    clients[who] = new HttpClient(server.url);
    if (who === 'anonymous') continue;
    const signIn = await clients[who].postForm('/signin?_action=accounts.signIn', {
      email: members[who].email,
      password: members[who].password,
    });
    expect(signIn.status).toBe(303);
  }
});
afterAll(async () => {
  await server?.dispose();
});

const db = () => server.database.db;
const status = async (who: Who, path: string) => (await clients[who].get(path)).status;
const reportsOn = (subjectId: string) => db().select().from(reports).where(eq(reports.subjectId, subjectId));
const peopleSearch = async (q: string) => {
  await outboxApplied(server);
  return (await (await clients.anonymous.get(`/people?q=${encodeURIComponent(q)}`)).text()).includes('mod-owner');
};

describe('who may open the moderation pages', () => {
  it('opens the queue to moderators and admins; members get 404, visitors sign in', async () => {
    expect(await status('moderator', '/moderation')).toBe(200);
    expect(await status('admin', '/moderation')).toBe(200);
    expect(await status('reporter', '/moderation')).toBe(404);
    expect(await status('owner', '/moderation/members/mod-reporter')).toBe(404);
    expect(await status('moderator', '/moderation/members/mod-reporter')).toBe(200);
    const visitor = await clients.anonymous.get('/moderation');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toMatch(/^\/signin\?next=/);
  });

  it('opens /admin (roles and the audit log) to admins only', async () => {
    expect(await status('admin', '/admin')).toBe(200);
    expect(await status('moderator', '/admin')).toBe(404);
    expect(await status('reporter', '/admin')).toBe(404);
    expect(await status('anonymous', '/admin')).toBe(303);
  });

  it('lets an admin appoint a moderator, and refuses a moderator doing the same (nothing changes)', async () => {
    const refused = await clients.moderator.postForm('/admin?_action=moderation.appointModerator', {
      handle: 'mod-reporter',
      reason: 'Please help us.',
    });
    expect(refused.status).toBe(404);
    const roleOf = async () => (await db().select().from(users).where(eq(users.id, members.reporter.id)).get())!.role;
    expect(await roleOf()).toBe('member');
    const done = await clients.admin.postForm('/admin?_action=moderation.appointModerator', {
      handle: 'mod-reporter',
      reason: 'Reliable reports.',
    });
    expect(done.status).toBe(303);
    expect(await roleOf()).toBe('moderator');
    await clients.admin.postForm('/admin?_action=moderation.removeModerator', {
      handle: 'mod-reporter',
      reason: 'Only for this test.',
    });
    expect(await roleOf()).toBe('member');
  });
});

describe('a report, a hide and a restore', () => {
  let reportId: number;

  it('takes a report once, shows it under My reports, and refuses bad input beside the field', async () => {
    const path = `/report?kind=profile&id=mod-owner`;
    expect(await status('reporter', path)).toBe(200);
    const bad = await clients.reporter.postForm(`${path}&_action=moderation.report`, {
      kind: 'profile',
      id: 'mod-owner',
      reason: 'not-a-reason',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose the reason that fits best.');
    expect(await reportsOn(members.owner.id)).toEqual([]);

    const filed = await clients.reporter.postForm(`${path}&_action=moderation.report`, {
      kind: 'profile',
      id: 'mod-owner',
      reason: 'spam',
      details: 'Every link goes to a shop.',
    });
    expect(filed.status).toBe(303);
    const again = await clients.reporter.postForm(`${path}&_action=moderation.report`, {
      kind: 'profile',
      id: 'mod-owner',
      reason: 'spam',
    });
    expect(again.status).toBe(409);
    const rows = await reportsOn(members.owner.id);
    expect(rows).toHaveLength(1);
    reportId = rows[0]!.id;
    expect(await (await clients.reporter.get('/settings/reports')).text()).toContain('Quentin Spamwell');
    // Reporting your own profile or something that does not exist.
    expect(await status('reporter', '/report?kind=profile&id=no-such-person')).toBe(404);
    expect(await status('reporter', '/report?kind=profile&id=..%2Fadmin')).toBe(404);
  });

  it('shows the case to moderators only', async () => {
    expect(await status('moderator', `/moderation/reports/${reportId}`)).toBe(200);
    expect(await status('reporter', `/moderation/reports/${reportId}`)).toBe(404);
    expect(await status('owner', `/moderation/reports/${reportId}`)).toBe(404);
    expect(await status('moderator', '/moderation/reports/not-a-number')).toBe(404);
  });

  it('hides the profile: 404 to others and out of search; its owner sees why; restoring brings it back', async () => {
    expect(await peopleSearch('Spamwell')).toBe(true);
    // Before anything happens, the topic page and the one-box search show the owner and their things.
    const topic = await (await clients.reporter.get('/topics/elixir')).text();
    expect(topic).toContain('Quentin Spamwell');
    expect(topic).toContain('Quokka growth hacks');
    const search = await (await clients.reporter.get('/search?q=quokka')).text();
    expect(search).toContain('Quokka growth hacks');
    expect(search).toContain('Quokka affiliate links');
    const refused = await clients.reporter.postForm(`/moderation/reports/${reportId}?_action=moderation.hide`, {
      reportId: String(reportId),
      reason: 'I want it gone.',
    });
    expect(refused.status).toBe(404);
    const hidden = await clients.moderator.postForm(`/moderation/reports/${reportId}?_action=moderation.hide`, {
      reportId: String(reportId),
      reason: 'Profile used only to advertise a shop.',
    });
    expect(hidden.status).toBe(303);

    expect(await status('reporter', '/people/mod-owner')).toBe(404);
    expect(await status('anonymous', '/people/mod-owner')).toBe(404);
    expect(await status('moderator', '/people/mod-owner')).toBe(200);
    const own = await clients.owner.get('/people/mod-owner');
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('Profile used only to advertise a shop.');
    expect(await peopleSearch('Spamwell')).toBe(false);

    const restored = await clients.moderator.postForm(`/moderation/reports/${reportId}?_action=moderation.restore`, {
      reportId: String(reportId),
      reason: 'The shop links are gone.',
    });
    expect(restored.status).toBe(303);
    expect(await status('reporter', '/people/mod-owner')).toBe(200);
    expect(await peopleSearch('Spamwell')).toBe(true);
  });
});

describe('a suspension', () => {
  it('closes the site to the member but for the notice, their data and an appeal; their things answer 404', async () => {
    const refused = await clients.reporter.postForm('/moderation/members/mod-owner?_action=moderation.suspend', {
      memberId: members.owner.id,
      reason: 'Spam.',
      length: 'permanent',
    });
    expect(refused.status).toBe(404);
    const done = await clients.moderator.postForm('/moderation/members/mod-owner?_action=moderation.suspend', {
      memberId: members.owner.id,
      reason: 'Advertising again after a warning.',
      length: '7d',
    });
    expect(done.status).toBe(303);

    const home = await clients.owner.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/suspended');
    const notice = await clients.owner.get('/suspended');
    expect(notice.status).toBe(200);
    expect(await notice.text()).toContain('Advertising again after a warning.');
    expect((await clients.owner.postForm('/settings?_action=profiles.update', { headline: 'x' })).status).toBe(403);
    const data = await clients.owner.postForm('/settings/account/export', { format: 'json' });
    expect(data.status).toBe(200);
    expect(data.headers.get('content-disposition')).toMatch(/attachment; filename="whoknows-mod-owner-/);
    expect((await data.json()).account.handle).toBe('mod-owner');
    const appeal = await clients.owner.postForm('/suspended?_action=moderation.appeal', {
      body: 'I removed every shop link and will not post them again, promise.',
    });
    expect(appeal.status).toBe(303);

    for (const path of [
      '/people/mod-owner',
      `/events/${event.slug}`,
      `/events/${event.slug}.ics`,
      `/lists/${list.slug}`,
    ]) {
      expect(await status('reporter', path), path).toBe(404);
      expect(await status('anonymous', path), path).toBe(404);
    }
    expect(await status('moderator', '/people/mod-owner')).toBe(200);
    expect(await peopleSearch('Spamwell')).toBe(false);
    // Nor through the topic page or the one-box search.
    const topic = await (await clients.reporter.get('/topics/elixir')).text();
    expect(topic).not.toContain('Quentin Spamwell');
    expect(topic).not.toContain('Quokka growth hacks');
    const search = await (await clients.reporter.get('/search?q=quokka')).text();
    expect(search).not.toContain('Quokka growth hacks');
    expect(search).not.toContain('Quokka affiliate links');
  });

  it('is lifted by an admin: the member is back, the lift is in the audit log', async () => {
    const lifted = await clients.admin.postForm('/moderation/members/mod-owner?_action=moderation.lift', {
      memberId: members.owner.id,
      reason: 'The appeal convinced us.',
    });
    expect(lifted.status).toBe(303);
    expect((await clients.owner.get('/')).status).toBe(200);
    expect(await status('reporter', '/people/mod-owner')).toBe(200);
    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.memberId, members.owner.id), eq(auditLog.action, 'member.lift')));
    expect(entries.map((e) => e.actorId)).toEqual([members.admin.id]);
    expect(await (await clients.admin.get('/admin')).text()).toContain('The appeal convinced us.');
  });
});
