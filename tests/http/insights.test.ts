import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFeedback, events, notifications, rsvps } from '#db/schema/index.ts';
import { addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createEvent, createMember, createRequest, type Member, skillIdByName } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const HOUR = 3_600_000;
const db = () => server.database.db;
const member = (spec: Parameters<typeof createMember>[0] = {}) => createMember(spec, db());

async function signedIn(who: Member): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: who.email,
    password: who.password,
  });
  expect(response.status).toBe(303);
  return client;
}

const anonymous = () => new HttpClient(server.url);

/** An event happening now, with people going. */
async function happeningNow(going: number) {
  const organizer = await member();
  const event = await createEvent(
    { organizer, startsAt: new Date(Date.now() - HOUR / 2), endsAt: new Date(Date.now() + HOUR), topics: ['Rust'] },
    db(),
  );
  const people: Member[] = [];
  for (let i = 0; i < going; i++) people.push(await member({ displayName: `Guest ${i}` }));
  await addRsvps(event, people, {}, db());
  return { organizer, event, people };
}

describe('/insights', () => {
  it('shows visitors supply and demand, and members mentoring and events too', async () => {
    const visitor = await anonymous().get('/insights');
    expect(visitor.status).toBe(200);
    const html = await visitor.text();
    expect(html).toContain('Supply and demand');
    expect(html).toContain('Workshops to run next');
    expect(html).not.toContain('Requests per month');
    expect(html).toContain('Members also see how mentoring and events are going');

    const client = await signedIn(await member());
    const full = await (await client.get('/insights?period=90d')).text();
    expect(full).toContain('Requests per month, by how they ended');
    expect(full).toContain('Events per month, by kind');
    expect(full).toMatch(/<svg[^>]+class="plot/);
    // Members are not offered the exports.
    expect(full).not.toContain('/insights/supply.csv');
  });

  it('treats unknown filters as the defaults instead of failing', async () => {
    for (const query of [
      '?period=<script>',
      '?category=%00',
      '?period=30d&category=nonsense',
      `?period=${'x'.repeat(5000)}`,
    ]) {
      const response = await anonymous().get(`/insights${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text()).not.toContain('<script>');
    }
    // Bytes that are not UTF-8 are refused before the page runs, never with a 500.
    expect((await anonymous().get('/insights?category=%ff')).status).toBe(400);
  });

  it('offers the CSV exports to moderators and admins only', async () => {
    const moderator = await signedIn(await member({ role: 'moderator' }));
    const page = await (await moderator.get('/insights?period=all')).text();
    expect(page).toContain('/insights/supply.csv?period=all');
    const csv = await moderator.get('/insights/supply.csv?period=all');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('whoknows-insights-supply-all.csv');
    const admin = await signedIn(await member({ role: 'admin' }));
    expect((await admin.get('/insights/events.csv')).status).toBe(200);

    const plain = await signedIn(await member());
    for (const client of [plain, anonymous()]) {
      for (const table of ['supply', 'mentoring', 'events']) {
        expect((await client.get(`/insights/${table}.csv`)).status).toBe(404);
      }
    }
    expect((await moderator.get('/insights/secrets.csv')).status).toBe(404);
  });
});

describe('the door', () => {
  it('lets the organiser check people in with plain form posts, and answers 404 to anyone else', async () => {
    const { organizer, event, people } = await happeningNow(2);
    const host = await signedIn(organizer);
    const door = await host.get(`/events/${event.slug}/check-in`);
    expect(door.status).toBe(200);
    const html = await door.text();
    expect(html).toContain('Self check-in code');
    expect(html).toContain(`Check in ${people[0]!.displayName}`);
    // One plain form per person, posting to the check-in action (works without JavaScript).
    expect(html).toMatch(/<form method="post" action="\?_action=events\.checkIn"/);

    const tap = await host.postForm(`/events/${event.slug}/check-in?_action=events.checkIn`, {
      eventId: event.id,
      userId: people[0]!.id,
      attended: '1',
    });
    expect(tap.status).toBe(303);
    expect(tap.headers.get('location')).toBe(`/events/${event.slug}/check-in?in=${people[0]!.id}`);
    expect(await (await host.get(tap.headers.get('location')!)).text()).toContain(
      `${people[0]!.displayName} is checked in`,
    );

    const csv = await (await host.get(`/events/${event.slug}/attendees.csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('Attended');

    const other = await signedIn(await member());
    expect((await other.get(`/events/${event.slug}/check-in`)).status).toBe(404);
    expect((await other.get(`/events/${event.slug}/summary`)).status).toBe(404);
    const sneaky = await other.postForm(`/events/${event.slug}/check-in?_action=events.checkIn`, {
      eventId: event.id,
      userId: people[1]!.id,
      attended: '1',
    });
    expect(sneaky.status).toBe(404);
    expect((await anonymous().get(`/events/${event.slug}/check-in`)).status).toBe(303);
    const attended = await db()
      .select({ userId: rsvps.userId })
      .from(rsvps)
      .where(and(eq(rsvps.eventId, event.id), isNotNull(rsvps.attendedAt)));
    expect(attended.map((r) => r.userId)).toEqual([people[0]!.id]);
  });

  it('lets a member going check in with the code from the event page', async () => {
    const { organizer, event, people } = await happeningNow(1);
    await (await signedIn(organizer)).get(`/events/${event.slug}/check-in`);
    const code = (await db().select({ code: events.checkInCode }).from(events).where(eq(events.id, event.id)).get())!
      .code!;
    const guest = await signedIn(people[0]!);
    const page = await (await guest.get(`/events/${event.slug}`)).text();
    expect(page).toContain('Check in with the code shown at the event');
    const wrong = await guest.postForm(`/events/${event.slug}?_action=events.selfCheckIn`, {
      eventId: event.id,
      code: 'nope',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That is not the code shown at the event');
    const right = await guest.postForm(`/events/${event.slug}?_action=events.selfCheckIn`, { eventId: event.id, code });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe(`/events/${event.slug}?done=checked-in#attendance`);
    expect(await (await guest.get(`/events/${event.slug}`)).text()).toContain('You are checked in');
  });
});

describe('feedback', () => {
  it('takes an attendee’s feedback once, refuses bad input beside the field, and shows it to the organiser', async () => {
    const organizer = await member();
    const event = await createEvent(
      { organizer, startsAt: new Date(Date.now() - 3 * HOUR), endsAt: new Date(Date.now() - HOUR) },
      db(),
    );
    const guest = await member({ displayName: 'Grace Guest' });
    await addRsvps(event, [guest], { attended: true }, db());
    const client = await signedIn(guest);
    expect(await (await client.get(`/events/${event.slug}`)).text()).toContain('How was it? Give feedback');

    const form = `/events/${event.slug}/feedback?_action=events.feedback`;
    const bad = await client.postForm(form, { eventId: event.id, rating: '9', worked: 'x'.repeat(1200) });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Choose a rating from 1 to 5.');
    expect(badHtml).toContain('Keep it under 1,000 characters.');
    const unknownTopic = await client.postForm(form, { eventId: event.id, rating: '4', nextTopics: 'Frobnicate' });
    expect(unknownTopic.status).toBe(400);
    expect(await db().select().from(eventFeedback).where(eq(eventFeedback.eventId, event.id))).toHaveLength(0);

    const good = await client.postForm(form, {
      eventId: event.id,
      rating: '5',
      worked: 'The pairing exercise.',
      nextTopics: 'Rust',
      signed: 'on',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/events/${event.slug}/feedback?done=1`);
    const again = await client.postForm(form, { eventId: event.id, rating: '1' });
    expect(again.status).toBe(409);

    const summary = await (await (await signedIn(organizer)).get(`/events/${event.slug}/summary`)).text();
    expect(summary).toContain('The pairing exercise.');
    expect(summary).toContain('Grace Guest');
    // One response: no average yet.
    expect(summary).toContain('fewer than 5');
  });

  it('is not for members who did not come', async () => {
    const organizer = await member();
    const event = await createEvent(
      { organizer, startsAt: new Date(Date.now() - 3 * HOUR), endsAt: new Date(Date.now() - HOUR) },
      db(),
    );
    const stranger = await signedIn(await member());
    const response = await stranger.postForm(`/events/${event.slug}/feedback?_action=events.feedback`, {
      eventId: event.id,
      rating: '1',
    });
    expect(response.status).toBe(403);
    expect(await db().select().from(eventFeedback).where(eq(eventFeedback.eventId, event.id))).toHaveLength(0);
  });
});

describe('telling the learners from /insights', () => {
  it('posts once and comes back to the page with its filters', async () => {
    const organizer = await member();
    const event = await createEvent({ organizer, topics: ['Zig'], title: 'Zig night' }, db());
    const learner = await member({ skills: [{ skill: 'Zig', level: 1, wantsToLearn: true }] });
    const client = await signedIn(organizer);
    const skillId = await skillIdByName('Zig', db());
    const response = await client.postForm('/insights?period=90d&_action=events.tellLearners', {
      eventId: event.id,
      skillId: String(skillId),
      from: 'insights',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/insights?period=90d&told=1#next');
    const again = await client.postForm('/insights?_action=events.tellLearners', {
      eventId: event.id,
      skillId: String(skillId),
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already told');
    const rows = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, learner.id), eq(notifications.kind, 'event.learners_invited')));
    expect(rows).toHaveLength(1);
  });
});

describe('telling the learners from a topic page', () => {
  it('offers the button to the organiser of an upcoming event on the topic only, and comes back to the topic', async () => {
    const organizer = await member();
    const event = await createEvent({ organizer, topics: ['Gleam'], title: 'Gleam for Elixir people' }, db());
    await member({ skills: [{ skill: 'Gleam', level: 1, wantsToLearn: true }] });
    const client = await signedIn(organizer);
    const page = await (await client.get('/topics/gleam')).text();
    expect(page).toContain('Tell the learners about Gleam for Elixir people');
    const other = await (await (await signedIn(await member())).get('/topics/gleam')).text();
    expect(other).not.toContain('Tell the learners');
    const response = await client.postForm('/topics/gleam?_action=events.tellLearners', {
      eventId: event.id,
      skillId: String(await skillIdByName('Gleam', db())),
      from: 'topic',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/topics/gleam?told=1#learners-title');
    expect(await (await client.get('/topics/gleam?told=1')).text()).toContain(
      'Learners told about Gleam for Elixir people',
    );
  });
});

describe('mentoring outcomes', () => {
  it('takes a retrospective on the request page and shows it on "my mentoring", to its author only', async () => {
    const learner = await member({ displayName: 'Lou Learner' });
    const mentor = await member({ displayName: 'Meg Mentor' });
    const id = await createRequest(
      { requester: learner, recipient: mentor, kind: 'ongoing', state: 'completed' },
      db(),
    );
    const client = await signedIn(learner);
    const page = await (await client.get(`/requests/${id}`)).text();
    expect(page).toContain('Did the mentorship meet its goals?');

    const form = `/requests/${id}?_action=requests.retrospective`;
    const bad = await client.postForm(form, { id, goalsMet: 'maybe', learned: 'x'.repeat(1200) });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Say whether the mentorship met its goals.');
    expect(badHtml).toContain('Say whether you would do it again.');

    const good = await client.postForm(form, {
      id,
      goalsMet: 'partly',
      learned: 'Reading other people’s code.',
      wouldRepeat: 'yes',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/requests/${id}?done=retrospective#retrospective`);
    const mine = await (await client.get('/mentoring')).text();
    expect(mine).toContain('Reading other people’s code.');
    expect(mine).toContain('Sessions you received');

    // The mentor sees the form for their own, not the learner's answers.
    const theirs = await (await (await signedIn(mentor)).get(`/requests/${id}`)).text();
    expect(theirs).not.toContain('Reading other people’s code.');
    expect(theirs).toContain('Did the mentorship meet its goals?');
    const stranger = await signedIn(await member());
    expect((await stranger.postForm(form, { id, goalsMet: 'yes', wouldRepeat: 'yes' })).status).toBe(404);
    expect(await (await stranger.get('/mentoring')).text()).not.toContain('Reading other people’s code.');
    expect((await anonymous().get('/mentoring')).status).toBe(303);
  });
});
