import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorsements, eventPeople, memberFollows, reports, rsvps } from '#db/schema/index.ts';
import {
  createEvent,
  createList,
  createMember,
  createRequest,
  type Member,
  queuePeopleIndexing,
  skillIdByName,
} from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { type Actor, callAction, startWorld, type World } from './matrix.ts';

/**
 * No trace on anyone else's pages: a member whose profile a moderator hid, and one who
 * is suspended, are going to events, co-host one, endorsed someone, follow someone,
 * have an open call and a list. None of that may name or link them on the pages others
 * read — event pages, profiles, topic pages, listings, search, open calls, matches,
 * insights — for a visitor, a member, the owner of those pages, or (outside their own
 * profile page) a moderator.
 */

let world: World;
let walt: Member;
let hana: Member;
const pages: string[] = [];
/** One event and one list of the (visible) owner, hidden on their own. */
const hiddenOnes = { event: { id: '', slug: '' }, list: { id: '', slug: '' } };

const call = async (actor: Actor, action: string, fields: Record<string, string>) => {
  const response = await callAction(world, actor, action, fields);
  expect(response.status, `${action}: ${await response.clone().text()}`).toBeLessThan(300);
};

/** A member with a footprint: going, co-hosting, endorsing, following, asking, listing. */
async function footprint(member: Member, hosted: { id: string }, going: { id: string }, seq: number) {
  const db = world.db;
  const owner = world.members.owner;
  await db.insert(rsvps).values({ eventId: going.id, userId: member.id, status: 'going', seq });
  await db
    .insert(eventPeople)
    .values({ eventId: hosted.id, userId: member.id, role: 'host', position: seq, status: 'accepted' });
  const done = await createRequest({ requester: member, recipient: owner, state: 'completed', skill: 'Elixir' }, db);
  await db.insert(endorsements).values({
    requestId: done,
    endorserId: member.id,
    endorseeId: owner.id,
    skillId: await skillIdByName('Elixir', db),
  });
  await db.insert(memberFollows).values({ userId: member.id, followedId: owner.id });
  await createRequest({ requester: member, recipient: null, skill: 'Elixir', want: 'Help with OTP supervisors.' }, db);
  await createList({ owner: member, title: `Elixir picks ${seq}`, topics: ['Elixir'] }, db);
}

beforeAll(async () => {
  world = await startWorld({
    owner: { displayName: 'Otto Owner', skills: [{ skill: 'Elixir', canTeach: true, level: 4 }] },
    member: { goalSkills: ['Elixir'] },
  });
  const db = world.db;
  const spec = { skills: [{ skill: 'Elixir', canTeach: true, level: 5 }], openToReverse: true };
  walt = await createMember({ ...spec, handle: 'pm-walt', displayName: 'Walt Vanishmore' }, db);
  hana = await createMember({ ...spec, handle: 'pm-hana', displayName: 'Hana Hushwood' }, db);
  const hosted = await createEvent({ organizer: world.members.owner, title: 'Elixir evening', topics: ['Elixir'] }, db);
  const going = await createEvent({ organizer: world.members.owner, title: 'Elixir morning', topics: ['Elixir'] }, db);
  await footprint(walt, hosted, going, 1);
  await footprint(hana, hosted, going, 2);
  await queuePeopleIndexing([walt.id, hana.id, world.members.owner.id], db);
  const ownerList = await createList({ owner: world.members.owner, title: 'Otto picks', topics: ['Elixir'] }, db);
  hiddenOnes.event = await createEvent(
    { organizer: world.members.owner, title: 'Elixir upsell', topics: ['Elixir'] },
    db,
  );
  hiddenOnes.list = await createList(
    { owner: world.members.owner, title: 'Elixir upsell links', topics: ['Elixir'] },
    db,
  );

  pages.push(
    '/',
    '/events',
    `/events/${hosted.slug}`,
    `/events/${going.slug}`,
    '/people',
    '/people?q=elixir',
    `/people/${world.members.owner.handle}`,
    '/topics',
    '/topics/elixir',
    '/lists',
    `/lists/${ownerList.slug}`,
    '/search?q=elixir',
    '/search?q=vanishmore',
    '/search?q=hushwood',
    '/insights',
    '/requests/open',
    '/requests/open?topic=elixir',
    // (Not /mentoring: the owner's own past requests name the other participant, as the thread does.)
    '/matches',
    '/api/search/people?q=elixir',
    '/api/search/people?q=vanishmore',
    '/api/search/people?q=hushwood',
  );
});
afterAll(async () => {
  await world?.server.dispose();
});

/** Where each name shows on the crawled pages, for each reader. */
async function sightings(readers: Actor[], who: Member[], slugs: string[] = []): Promise<string[]> {
  await outboxApplied(world.server);
  const found: string[] = [];
  await Promise.all(
    pages.flatMap((path) =>
      readers.map(async (actor) => {
        const response = await world.clients[actor].get(path);
        if (response.status === 303) return; // pages that need an account, for a visitor
        expect(response.status, `${path} as ${actor}`).toBe(200);
        const text = await response.text();
        for (const m of who)
          if (text.includes(m.displayName) || text.includes(`/people/${m.handle}`))
            found.push(`${m.handle} on ${path} as ${actor}`);
        for (const slug of slugs) if (text.includes(`${slug}"`)) found.push(`${slug} on ${path} as ${actor}`);
      }),
    ),
  );
  return found.sort();
}

const READERS: Actor[] = ['visitor', 'member', 'owner', 'moderator', 'admin'];

describe('a hidden or suspended member on other people’s pages', () => {
  it('shows up before anything happens (so the crawl can see them)', async () => {
    const found = await sightings(['member'], [walt, hana]);
    for (const m of [walt, hana]) {
      expect(found).toContain(`${m.handle} on /topics/elixir as member`);
      expect(found).toContain(`${m.handle} on /api/search/people?q=elixir as member`);
    }
  });

  it('shows the owner’s event and list before they are hidden', async () => {
    const found = await sightings(['visitor'], [], [hiddenOnes.event.slug, hiddenOnes.list.slug]);
    expect(found).toContain(`${hiddenOnes.event.slug} on /people/${world.members.owner.handle} as visitor`);
    expect(found).toContain(`${hiddenOnes.list.slug} on /people/${world.members.owner.handle} as visitor`);
  });

  it('leaves no trace once hidden or suspended', async () => {
    await call('member', 'moderation.report', { kind: 'profile', id: hana.handle, reason: 'spam' });
    const report = (await world.db.select().from(reports).all()).find((r) => r.subjectId === hana.id)!;
    await call('moderator', 'moderation.hide', { reportId: String(report.id), reason: 'Spam links on the profile.' });
    await call('moderator', 'moderation.suspend', { memberId: walt.id, reason: 'Repeated harassment.', length: '30d' });
    expect(await sightings(READERS, [walt, hana])).toEqual([]);
  });

  it('leaves a hidden event and list of a visible member off their profile and every listing, for others', async () => {
    for (const [kind, thing] of [
      ['event', hiddenOnes.event],
      ['list', hiddenOnes.list],
    ] as const) {
      await call('member', 'moderation.report', { kind, id: thing.slug, reason: 'spam' });
      const report = (await world.db.select().from(reports).all()).find((r) => r.subjectId === thing.id)!;
      await call('admin', 'moderation.hide', { reportId: String(report.id), reason: 'Upselling a paid course.' });
    }
    const slugs = [hiddenOnes.event.slug, hiddenOnes.list.slug];
    expect(await sightings(['visitor', 'member'], [], slugs)).toEqual([]);
  });
});
