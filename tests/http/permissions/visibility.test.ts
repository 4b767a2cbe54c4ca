import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSeries, reports, requestMessages } from '#db/schema/index.ts';
import {
  createEvent,
  createList,
  createMember,
  createRequest,
  type Member,
  queuePeopleIndexing,
} from '#tests/helpers/factories.ts';
import type { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { ACTORS, type Actor, callAction, signInAgain, startWorld, type World } from './matrix.ts';

/**
 * The visibility matrix: a hidden profile, event, reading list and request message, and
 * everything of a suspended member, checked for all six actors through every way in —
 * the thing's own page and .ics, the people search JSON and /people, site search, the
 * topic page, /events, /lists, /matches and the calendar subscription feed. (The site has
 * no RSS, Atom or JSON feed: its feeds are the .ics files.) Each thing is seen first, so a
 * stale page cache or search index would show; then hidden or suspended through the real
 * moderation actions; then restored or lifted, and it is back.
 */

let world: World;
/** The owner's things (hidden then restored) and Tessa's (suspended then lifted). */
const hid = {} as Things;
const sus = {} as Things & { member: Member; client: HttpClient; seriesSlug: string };
let feedPath = '';

interface Things {
  handle: string;
  word: string;
  event: { id: string; slug: string };
  list: { id: string; slug: string };
  avatar: string;
}

const call = (actor: Actor, action: string, fields: Record<string, string>) =>
  callAction(world, actor, action, fields).then(async (r) => {
    expect(r.status, `${action} as ${actor}: ${await r.clone().text()}`).toBeLessThan(300);
    return r.text();
  });

/** The page's own content (without the header, whose account menu names the viewer). */
const mainOf = (html: string) => {
  const start = html.indexOf('<main');
  return start < 0 ? html : html.slice(start, html.indexOf('</main>', start));
};

async function look(actor: Actor, path: string): Promise<{ status: number; location: string | null; body: string }> {
  const response = await world.clients[actor].get(path);
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), body: mainOf(text) };
}

/**
 * /events and /lists open with the viewer's own things ("Your lists", "My events"),
 * where an owner keeps seeing what a moderator hid; the rest of the page is public.
 */
const withoutOwnSection = (body: string) => {
  const start = body.indexOf('<section class="card mine"');
  return start < 0 ? body : body.slice(0, start) + body.slice(body.indexOf('</section>', start));
};

/** Every way in that lists things, with what marks the thing in it. */
function listings(t: Things) {
  const people = `/people/${t.handle}"`;
  return [
    { name: 'people search JSON', path: `/api/search/people?q=${t.word}`, marker: `"${t.handle}"` },
    { name: '/people', path: `/people?q=${t.word}`, marker: people },
    { name: 'site search: the person', path: `/search?q=${t.word}`, marker: people },
    { name: 'site search: the event', path: `/search?q=${t.word}`, marker: `/events/${t.event.slug}"` },
    { name: 'site search: the list', path: `/search?q=${t.word}`, marker: `/lists/${t.list.slug}"` },
    { name: 'topic page: the person', path: '/topics/elixir', marker: people },
    { name: 'topic page: the event', path: '/topics/elixir', marker: `/events/${t.event.slug}"` },
    { name: 'topic page: the list', path: '/topics/elixir', marker: `/lists/${t.list.slug}"` },
    { name: '/events', path: '/events', marker: `/events/${t.event.slug}"` },
    { name: '/lists', path: '/lists', marker: `/lists/${t.list.slug}"` },
  ];
}

/** Who can read listings at all: a suspended member is sent to the notice from every page. */
const READERS: Actor[] = ['visitor', 'member', 'owner', 'moderator', 'admin'];
/** Members with Elixir as a goal, whose /matches would show a teacher of it. */
const LEARNERS: Actor[] = ['member', 'moderator', 'admin'];

/** Checks each listing for each reader (the owner as the given one): the thing is there or not. */
async function expectListed(t: Things, listed: boolean, readers: Actor[] = READERS) {
  await outboxApplied(world.server);
  const failures: string[] = [];
  await Promise.all(
    listings(t).flatMap((l) =>
      readers.map(async (actor) => {
        const seen = await look(actor, l.path);
        const { status } = seen;
        const body = actor === 'owner' && t === hid ? withoutOwnSection(seen.body) : seen.body;
        if (status !== 200) failures.push(`${l.name} as ${actor}: status ${status}`);
        else if (body.includes(l.marker) !== listed)
          failures.push(`${l.name} as ${actor}: ${listed ? 'missing' : 'shown'}`);
      }),
    ),
  );
  await Promise.all(
    LEARNERS.map(async (actor) => {
      const { body } = await look(actor, '/matches');
      if (body.includes(`/people/${t.handle}"`) !== listed)
        failures.push(`/matches as ${actor}: ${listed ? 'missing' : 'shown'}`);
    }),
  );
  expect(failures).toEqual([]);
}

/** The calendar subscription feed of a member who said they are going. */
async function inFeed(t: Things): Promise<boolean> {
  const response = await world.clients.visitor.get(feedPath);
  expect(response.status).toBe(200);
  return (await response.text()).includes(t.event.id);
}

type Seen = 200 | 404 | 'signin' | 'notice';
/** Fetches a thing's own address as each actor and compares with what is expected; `why` must show on 200s when given. */
async function expectOwnPage(
  path: string,
  expected: Record<Actor, Seen>,
  why?: string,
  as: Partial<Record<Actor, HttpClient>> = {},
) {
  const got = {} as Record<Actor, Seen | number>;
  const missingWhy: Actor[] = [];
  await Promise.all(
    ACTORS.map(async (actor) => {
      const response = await (as[actor] ?? world.clients[actor]).get(path);
      const text = await response.text();
      const location = response.headers.get('location') ?? '';
      got[actor] =
        response.status === 303 && location === '/suspended'
          ? 'notice'
          : response.status === 303 && location.startsWith('/signin')
            ? 'signin'
            : response.status;
      if (response.status === 200 && why && !path.endsWith('.ics') && !text.includes(why)) missingWhy.push(actor);
    }),
  );
  expect({ path, got }).toEqual({ path, got: expected });
  expect(missingWhy, `${path}: pages without "${why}"`).toEqual([]);
}

/**
 * Acting on things one may not see: RSVP to the event, save or copy the list, follow,
 * ask or report the member — each answers 404 to `actor`, as for something that does not exist.
 */
async function expectActionsRefused(t: Things, actor: Actor) {
  const tries: [string, Record<string, string>][] = [
    ['events.rsvp', { eventId: t.event.id }],
    ['lists.save', { listId: t.list.id }],
    ['lists.copy', { listId: t.list.id }],
    ['follows.followMember', { handle: t.handle }],
    ['moderation.report', { kind: 'list', id: t.list.slug, reason: 'spam' }],
    [
      'requests.create',
      {
        to: t.handle,
        topic: 'Elixir',
        kind: 'adhoc',
        want: 'Walk me through OTP supervisors, please.',
        format: 'video',
        duration: '30',
        timezone: 'UTC',
        slot1: '2027-05-01T18:00',
      },
    ],
  ];
  const got = await Promise.all(
    tries.map(async ([action, fields]) => {
      const response = await callAction(world, actor, action, fields);
      return `${action} ${response.status}`;
    }),
  );
  expect(got).toEqual(tries.map(([action]) => `${action} 404`));
}

/** Files a report as `reporter` and returns its id. */
async function report(reporter: Actor, kind: string, id: string, subjectId: string): Promise<number> {
  await call(reporter, 'moderation.report', { kind, id, reason: 'spam', details: 'Selling courses.' });
  const row = await world.db.select().from(reports).where(eq(reports.subjectId, subjectId)).get();
  return row!.id;
}

async function avatarOf(handle: string, viewer: Actor = 'owner'): Promise<string> {
  const html = await (await world.clients[viewer].get(`/people/${handle}`)).text();
  const found = html.match(new RegExp(`/avatars/${handle}/[^"' ]+`));
  expect(found, `an avatar on /people/${handle}`).not.toBeNull();
  return found![0].replaceAll('&amp;', '&');
}

beforeAll(async () => {
  world = await startWorld({
    owner: {
      displayName: 'Otto Quillfeather',
      headline: 'Quillfeather teaches Elixir',
      skills: [{ skill: 'Elixir', canTeach: true, level: 4 }],
    },
    member: { goalSkills: ['Elixir'] },
    moderator: { goalSkills: ['Elixir'] },
    admin: { goalSkills: ['Elixir'] },
  });
  const db = world.db;
  const owner = world.members.owner;
  hid.handle = owner.handle;
  hid.word = 'quillfeather';
  hid.event = await createEvent({ organizer: owner, title: 'Quillfeather clinic', topics: ['Elixir'] }, db);
  hid.list = await createList({ owner, title: 'Quillfeather shelf', topics: ['Elixir'] }, db);

  sus.member = await createMember(
    {
      handle: 'pm-tessa',
      displayName: 'Tessa Marmaladeo',
      headline: 'Marmaladeo teaches Elixir',
      skills: [{ skill: 'Elixir', canTeach: true, level: 4 }],
    },
    db,
  );
  sus.client = await signInAgain(world, sus.member);
  sus.handle = sus.member.handle;
  sus.word = 'marmaladeo';
  sus.event = await createEvent({ organizer: sus.member, title: 'Marmaladeo meetup', topics: ['Elixir'] }, db);
  sus.list = await createList({ owner: sus.member, title: 'Marmaladeo shelf', topics: ['Elixir'] }, db);
  const series = await sus.client.postForm('/_actions/eventSeries.create', {
    title: 'Marmaladeo weekly',
    kind: 'meetup',
    topics: 'Elixir',
    format: 'online',
    onlineUrl: 'https://meet.example.test/marmaladeo',
    startsAt: '2027-05-01T18:00',
    endsAt: '2027-05-01T20:00',
    timezone: 'Europe/Berlin',
    capacity: '20',
    repeat: 'weekly',
    interval: '1',
    until: '2027-05-30',
  });
  expect(series.status, await series.clone().text()).toBe(200);
  const made = await db.select().from(eventSeries).where(eq(eventSeries.organizerId, sus.member.id)).get();
  sus.seriesSlug = made!.slug;
  const published = await sus.client.postForm('/_actions/eventSeries.publish', { seriesId: made!.id });
  expect(published.status, await published.clone().text()).toBe(200);
  await queuePeopleIndexing([owner.id, sus.member.id], db);

  // The member saved the list, is going to both events and subscribes to their calendar.
  await call('member', 'lists.save', { listId: hid.list.id });
  for (const event of [hid.event, sus.event]) await call('member', 'events.rsvp', { eventId: event.id });
  const feed = await call('member', 'calendar.issueFeed', {});
  feedPath = /\/api\/calendar\/[^"]+\.ics/.exec(feed)![0];
  hid.avatar = await avatarOf(hid.handle);
  sus.avatar = await avatarOf(sus.handle, 'member');
});
afterAll(async () => {
  await world?.server.dispose();
});

const EVERYONE: Record<Actor, Seen> = {
  visitor: 200,
  member: 200,
  owner: 200,
  moderator: 200,
  admin: 200,
  suspended: 'notice',
};
/** Hidden: its owner and the moderators see it (with why); everyone else gets 404. */
const HIDDEN: Record<Actor, Seen> = { ...EVERYONE, visitor: 404, member: 404 };
/** Suspended owner: moderators only (the owner and the other suspended member read their notice). */
const SUSPENDED: Record<Actor, Seen> = { ...HIDDEN, owner: 'notice' };

describe('a hidden profile, event and reading list', () => {
  const reportIds: number[] = [];

  it('are listed everywhere before anything happens', async () => {
    await expectListed(hid, true);
    expect(await inFeed(hid)).toBe(true);
    for (const path of [
      `/people/${hid.handle}`,
      `/events/${hid.event.slug}`,
      `/events/${hid.event.slug}.ics`,
      `/lists/${hid.list.slug}`,
      hid.avatar,
    ])
      await expectOwnPage(path, EVERYONE);
  });

  it('answer 404 to all but the owner and the moderators, who see why, once hidden', async () => {
    reportIds.push(
      await report('member', 'profile', hid.handle, world.members.owner.id),
      await report('member', 'event', hid.event.slug, hid.event.id),
      await report('member', 'list', hid.list.slug, hid.list.id),
    );
    for (const reportId of reportIds)
      await call('moderator', 'moderation.hide', {
        reportId: String(reportId),
        reason: 'Selling courses in a community space.',
      });

    for (const path of [
      `/people/${hid.handle}`,
      `/events/${hid.event.slug}`,
      `/events/${hid.event.slug}.ics`,
      `/lists/${hid.list.slug}`,
    ])
      await expectOwnPage(path, HIDDEN, 'Hidden by the moderators.');
    await expectOwnPage(hid.avatar, HIDDEN);
  });

  it('answer 404 to a member acting on them (RSVP, save, copy, follow, ask, report)', async () => {
    await expectActionsRefused(hid, 'member');
  });

  it('are out of search, topic pages, listings, matches and the calendar feed (the owner keeps them among their own)', async () => {
    await expectListed(hid, false);
    expect(await inFeed(hid)).toBe(false);
  });

  it('come back everywhere when a moderator restores them', async () => {
    for (const reportId of reportIds)
      await call('admin', 'moderation.restore', {
        reportId: String(reportId),
        reason: 'The owner removed the sales links.',
      });
    for (const path of [
      `/people/${hid.handle}`,
      `/events/${hid.event.slug}`,
      `/events/${hid.event.slug}.ics`,
      `/lists/${hid.list.slug}`,
      hid.avatar,
    ])
      await expectOwnPage(path, EVERYONE);
    await expectListed(hid, true);
    expect(await inFeed(hid)).toBe(true);
  });
});

describe('everything of a suspended member', () => {
  const ownPages = () => [
    `/people/${sus.handle}`,
    `/lists/${sus.list.slug}`,
    `/events/series/${sus.seriesSlug}`,
    sus.avatar,
  ];

  it('is listed everywhere before the suspension', async () => {
    await expectListed(sus, true);
    expect(await inFeed(sus)).toBe(true);
    for (const path of [
      ...ownPages(),
      `/events/series/${sus.seriesSlug}.ics`,
      `/events/${sus.event.slug}`,
      `/events/${sus.event.slug}.ics`,
    ])
      await expectOwnPage(path, EVERYONE, undefined, { owner: sus.client });
  });

  it('answers 404 to everyone but the moderators once suspended (the member reads the notice)', async () => {
    await call('moderator', 'moderation.suspend', {
      memberId: sus.member.id,
      reason: 'Repeated spam after a warning.',
      length: '7d',
    });
    await expectOwnPage(`/people/${sus.handle}`, SUSPENDED, 'This member is suspended.', { owner: sus.client });
    for (const path of ownPages().slice(1)) await expectOwnPage(path, SUSPENDED, undefined, { owner: sus.client });
    for (const path of [`/events/${sus.event.slug}`, `/events/${sus.event.slug}.ics`])
      await expectOwnPage(path, SUSPENDED, undefined, { owner: sus.client });
    // The suspension cancelled every date of the series, so it has no calendar file for anyone.
    await expectOwnPage(
      `/events/series/${sus.seriesSlug}.ics`,
      { ...SUSPENDED, moderator: 404, admin: 404 },
      undefined,
      {
        owner: sus.client,
      },
    );
  });

  it('answers 404 to a member acting on it (RSVP, save, copy, follow, ask, report)', async () => {
    await expectActionsRefused(sus, 'member');
  });

  it('is out of search, topic pages, listings, matches and the calendar feed', async () => {
    await expectListed(sus, false);
    expect(await inFeed(sus)).toBe(false);
  });

  it('comes back when an admin lifts the suspension', async () => {
    await call('admin', 'moderation.lift', { memberId: sus.member.id, reason: 'The appeal convinced us.' });
    for (const path of ownPages()) await expectOwnPage(path, EVERYONE, undefined, { owner: sus.client });
    await outboxApplied(world.server);
    const back = await look('visitor', `/api/search/people?q=${sus.word}`);
    expect(back.body).toContain(`"${sus.handle}"`);
    expect((await look('member', `/search?q=${sus.word}`)).body).toContain(`/lists/${sus.list.slug}"`);
  });
});

describe('a hidden message in a request thread', () => {
  it('is seen by its author (with why) and not by the other participant; the thread stays private to everyone else', async () => {
    // The owner asked the member for help and wrote something the member reported.
    const id = await createRequest(
      { requester: world.members.owner, recipient: world.members.member, state: 'accepted' },
      world.db,
    );
    const words = 'Buy my Quillfeather course at a discount';
    await call('owner', 'requests.message', { id, body: words });
    const message = await world.db.select().from(requestMessages).where(eq(requestMessages.requestId, id)).get();
    const reportId = await report('member', 'message', String(message!.id), String(message!.id));
    // While the report is open, moderators may read the thread.
    expect((await look('moderator', `/requests/${id}`)).body).toContain(words);
    await call('moderator', 'moderation.hide', {
      reportId: String(reportId),
      reason: 'Advertising in a mentoring thread.',
    });

    const page = `/requests/${id}`;
    const seen = Object.fromEntries(
      await Promise.all(ACTORS.map(async (a) => [a, await look(a, page)] as const)),
    ) as Record<Actor, Awaited<ReturnType<typeof look>>>;
    expect(seen.owner.status).toBe(200);
    expect(seen.owner.body).toContain(words);
    expect(seen.owner.body).toContain('Hidden by the moderators: only you and the moderators see it.');
    expect(seen.member.status).toBe(200);
    expect(seen.member.body).not.toContain(words);
    expect(seen.member.body).toContain('This message was hidden by the moderators.');
    // The report is closed, so the thread is private again; visitors sign in; a suspended member reads the notice.
    expect(seen.moderator.status).toBe(404);
    expect(seen.admin.status).toBe(404);
    expect(seen.visitor.status).toBe(303);
    expect(seen.visitor.location).toMatch(/^\/signin\?next=/);
    expect(seen.suspended.location).toBe('/suspended');
    // Nor does it reach the other participant's calendar file or the request's .ics.
    expect(await (await world.clients.member.get(`${page}.ics`)).text()).not.toContain('Quillfeather course');

    await call('admin', 'moderation.restore', { reportId: String(reportId), reason: 'It was a joke between friends.' });
    expect((await look('member', page)).body).toContain(words);
  });
});
