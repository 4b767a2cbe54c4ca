import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, rsvps } from '#db/schema/index.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { icalDate, parseIcal, prop } from '#tests/helpers/ical.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const db = () => server.database.db;
const member = (spec: Parameters<typeof createMember>[0] = {}) => createMember(spec, db());
const event = (spec: Parameters<typeof createEvent>[0]) => createEvent(spec, db());

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

/** The new-event page's size with the zone list gone (it was about 31 KB more with it). */
const EVENT_FORM_MAX_BYTES = 24_000;

describe('other people’s drafts', () => {
  it('answer 404 to other members and visitors, on the page, its .ics and its organiser pages', async () => {
    const organizer = await member();
    const draft = await event({ organizer, status: 'draft', title: 'Secret plans' });
    const owner = await signedIn(organizer);
    expect((await owner.get(`/events/${draft.slug}`)).status).toBe(200);
    expect((await owner.get(`/events/${draft.slug}/edit`)).status).toBe(200);
    expect((await owner.get(`/events/${draft.slug}.ics`)).status).toBe(200);

    const other = await signedIn(await member());
    for (const path of [
      `/events/${draft.slug}`,
      `/events/${draft.slug}.ics`,
      `/events/${draft.slug}/edit`,
      `/events/${draft.slug}/attendees`,
    ]) {
      const response = await other.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('Secret plans');
    }
    for (const path of [`/events/${draft.slug}`, `/events/${draft.slug}.ics`]) {
      expect((await anonymous().get(path)).status, path).toBe(404);
    }
    // A visitor asking for an organiser page is sent to sign in (the same for any address, so nothing leaks).
    expect((await anonymous().get(`/events/${draft.slug}/edit`)).status).toBe(303);
  });
});

describe('the online link', () => {
  it('is hidden from visitors, members and the waitlist, and shown once a member is going', async () => {
    const organizer = await member();
    const ev = await event({ organizer, capacity: 1, onlineUrl: 'https://meet.example.test/hidden-room' });
    expect(await (await anonymous().get(`/events/${ev.slug}`)).text()).not.toContain('hidden-room');

    const first = await member();
    const client = await signedIn(first);
    expect(await (await client.get(`/events/${ev.slug}`)).text()).not.toContain('hidden-room');
    const rsvp = await client.postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });
    expect(rsvp.status).toBe(303);
    expect(rsvp.headers.get('location')).toBe(`/events/${ev.slug}?done=going#rsvp`);
    const page = await (await client.get(`/events/${ev.slug}?done=going`)).text();
    expect(page).toContain('https://meet.example.test/hidden-room');
    expect(page).toContain('You are going');

    const second = await signedIn(await member());
    await second.postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });
    const waiting = await (await second.get(`/events/${ev.slug}`)).text();
    expect(waiting).toMatch(/number 1<\/strong> on the waitlist/);
    expect(waiting).not.toContain('hidden-room');
  });

  it('refuses an RSVP from a visitor without saving anything', async () => {
    const ev = await event({ organizer: await member() });
    const response = await anonymous().postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });
    expect(response.status).toBe(401);
    expect((await db().select({ n: count() }).from(rsvps).where(eq(rsvps.eventId, ev.id)).get())?.n).toBe(0);
  });
});

describe('calendar files', () => {
  it('serves /events/<slug>.ics as a parseable calendar with the event’s instants', async () => {
    const organizer = await member();
    const startsAt = new Date('2027-03-28T08:00:00Z');
    const ev = await event({
      organizer,
      startsAt,
      endsAt: new Date('2027-03-28T10:00:00Z'),
      title: 'ICS check, with commas; and semicolons',
    });
    const response = await anonymous().get(`/events/${ev.slug}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${ev.slug}.ics"`);
    const calendar = parseIcal(await response.text());
    const vevent = calendar.events[0]!;
    expect(icalDate(prop(vevent, 'DTSTART'))).toEqual(startsAt);
    expect(prop(vevent, 'SUMMARY')).toBe('ICS check, with commas; and semicolons');
    expect(prop(vevent, 'UID')).toBe(`event-${ev.id}@whoknows`);
    expect(prop(vevent, 'DESCRIPTION')).not.toContain('meet.example.test');
    expect((await anonymous().get('/events/no-such-event.ics')).status).toBe(404);
  });

  it('bumps SEQUENCE when the organiser edits and marks the file cancelled when cancelled', async () => {
    const organizer = await member();
    const ev = await event({ organizer, timezone: 'UTC', startsAt: new Date(Date.now() + 20 * 86_400_000) });
    const sequence = async () =>
      prop(parseIcal(await (await anonymous().get(`/events/${ev.slug}.ics`)).text()).events[0]!, 'SEQUENCE');
    expect(await sequence()).toBe('0');
    const owner = await signedIn(organizer);
    const start = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 16);
    const end = new Date(Date.now() + 21 * 86_400_000 + 3_600_000).toISOString().slice(0, 16);
    const edit = await owner.postForm(`/events/${ev.slug}/edit?_action=events.update`, {
      eventId: ev.id,
      title: 'Moved a day later',
      kind: 'talk',
      description: '',
      topics: '',
      format: 'online',
      venue: '',
      onlineUrl: 'https://meet.example.test/moved',
      startsAt: start,
      endsAt: end,
      timezone: 'UTC',
      capacity: '30',
      hosts: '',
      speakers: '',
    });
    expect(edit.status).toBe(303);
    expect(await sequence()).toBe('1');
    const cancel = await owner.postForm(`/events/${ev.slug}/attendees?_action=events.cancel`, {
      eventId: ev.id,
      reason: 'Storm.',
    });
    expect(cancel.status).toBe(303);
    const cancelled = parseIcal(await (await anonymous().get(`/events/${ev.slug}.ics`)).text()).events[0]!;
    expect(prop(cancelled, 'STATUS')).toBe('CANCELLED');
    expect(prop(cancelled, 'SEQUENCE')).toBe('2');
    expect(await (await anonymous().get(`/events/${ev.slug}`)).text()).toContain('This event was cancelled.');
  });

  it('gives a member a private feed URL that works without cookies, and revokes it on regenerate and revoke', async () => {
    const me = await member();
    const ev = await event({ organizer: await member(), title: 'In my feed' });
    const client = await signedIn(me);
    await client.postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });

    const issued = await client.postForm('/settings/calendar?_action=calendar.issueFeed', {});
    expect(issued.status).toBe(200);
    const url = /value="(http:\/\/[^"]+\/api\/calendar\/[a-z2-9]+\.[a-z2-9]+\.ics)"/.exec(await issued.text())?.[1];
    expect(url).toBeDefined();
    const feed = await fetch(url!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('private, no-cache');
    const calendar = parseIcal(await feed.text());
    expect(calendar.events.map((e) => prop(e, 'SUMMARY'))).toEqual(['In my feed']);
    expect(prop(calendar.events[0]!, 'DESCRIPTION')).toContain('Join online: https://meet.example.test/');
    // The settings page no longer shows the secret once we leave.
    expect(await (await client.get('/settings/calendar')).text()).not.toContain(url!);

    const again = await client.postForm('/settings/calendar?_action=calendar.issueFeed', {});
    const second = /value="(http:\/\/[^"]+\.ics)"/.exec(await again.text())?.[1];
    expect((await fetch(url!)).status).toBe(404);
    expect((await fetch(second!)).status).toBe(200);
    const revoked = await client.postForm('/settings/calendar?_action=calendar.revokeFeed', {});
    expect(revoked.status).toBe(303);
    expect((await fetch(second!)).status).toBe(404);
    expect((await fetch(`${server.url}/api/calendar/not-a-token.ics`)).status).toBe(404);
  });
});

describe('attendee CSV export', () => {
  it('is for the organiser only, and defuses spreadsheet formulas in names', async () => {
    const organizer = await member();
    const ev = await event({ organizer });
    const sneaky = await member({ displayName: '=HYPERLINK("http://evil.example","click")' });
    const attendee = await signedIn(sneaky);
    await attendee.postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });

    const owner = await signedIn(organizer);
    const csv = await owner.get(`/events/${ev.slug}/attendees.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${ev.slug}-attendees.csv"`);
    const body = await csv.text();
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(body).not.toContain(sneaky.email);

    expect((await attendee.get(`/events/${ev.slug}/attendees.csv`)).status).toBe(404);
    expect((await (await signedIn(await member())).get(`/events/${ev.slug}/attendees.csv`)).status).toBe(404);
    expect((await anonymous().get(`/events/${ev.slug}/attendees.csv`)).status).toBe(404);
    expect((await attendee.get(`/events/${ev.slug}/attendees`)).status).toBe(404);
    expect((await owner.get(`/events/${ev.slug}/attendees`)).status).toBe(200);
  });
});

describe('the event form', () => {
  it('refuses bad input beside each field, keeps what was typed, and saves nothing', async () => {
    const organizer = await member();
    const client = await signedIn(organizer);
    const before = (await db().select({ n: count() }).from(events).get())?.n;
    const response = await client.postForm('/events/new?_action=events.create', {
      title: 'Keep this title',
      kind: 'workshop',
      description: '',
      topics: 'Rust',
      format: 'online',
      venue: '',
      onlineUrl: 'javascript:alert(1)',
      startsAt: '2027-05-01T18:00',
      endsAt: '2027-05-01T17:00',
      timezone: 'Europe/Berlin',
      capacity: '0',
      hosts: '',
      speakers: '',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="field-capacity-error"[^>]*>[\s\S]*?At least one person/);
    expect(html).toMatch(/id="field-onlineUrl-error"[^>]*>[\s\S]*?http:\/\/ or https:\/\//);
    expect(html).toContain('value="Keep this title"');
    expect((await db().select({ n: count() }).from(events).get())?.n).toBe(before);

    // With the field-level problems fixed, the service's own check of the times speaks beside its field.
    const times = await client.postForm('/events/new?_action=events.create', {
      title: 'Keep this title',
      kind: 'workshop',
      format: 'online',
      onlineUrl: 'https://meet.example.test/ok',
      startsAt: '2027-05-01T18:00',
      endsAt: '2027-05-01T17:00',
      timezone: 'Europe/Berlin',
      capacity: '20',
    });
    expect(times.status).toBe(400);
    const timesHtml = await times.text();
    expect(timesHtml).toMatch(/id="field-endsAt-error"[^>]*>[\s\S]*?must end after it starts/);
    expect(timesHtml).toContain('value="2027-05-01T17:00"');
    expect((await db().select({ n: count() }).from(events).get())?.n).toBe(before);
  });

  it('creates a draft, then publishes it, for a signed-in member', async () => {
    const client = await signedIn(await member());
    const created = await client.postForm('/events/new?_action=events.create', {
      title: 'Made over HTTP',
      kind: 'meetup',
      format: 'in_person',
      venue: 'Room 2, Example Street 3',
      startsAt: '2027-06-01T18:00',
      endsAt: '2027-06-01T20:00',
      timezone: 'Europe/Berlin',
      capacity: '15',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toBe('/events/made-over-http?created=1');
    const row = await db().select().from(events).where(eq(events.slug, 'made-over-http')).get();
    expect(row?.status).toBe('draft');
    expect((await anonymous().get('/events/made-over-http')).status).toBe(404);
    const published = await client.postForm('/events/made-over-http?_action=events.publish', { eventId: row!.id });
    expect(published.status).toBe(303);
    expect((await anonymous().get('/events/made-over-http')).status).toBe(200);
  });

  it('carries no list of time zones: one typed field the server checks, a city understood, an unknown zone refused', async () => {
    const client = await signedIn(await member({ timezone: 'Asia/Kolkata' }));
    const page = await (await client.get('/events/new')).text();
    // The form used to embed a <select> of 425 zones (about 31 KB); the browser fills in the suggestions now,
    // from its own list, so no zone names travel in the markup, the props or the script.
    expect(page.match(/<option\b/g)?.length ?? 0).toBeLessThan(30);
    expect(page).toContain('<datalist id="timezone-options" data-zone-options></datalist>');
    expect(page).toMatch(/<input[^>]*name="timezone"[^>]*value="Asia\/Kolkata"/);
    expect(page).not.toMatch(/America\/New_York|Pacific\/Auckland|Europe\/Berlin/);
    expect(Buffer.byteLength(page)).toBeLessThan(EVENT_FORM_MAX_BYTES);

    const before = (await db().select({ n: count() }).from(events).get())?.n;
    const fields = {
      title: 'Zones over HTTP',
      kind: 'meetup',
      format: 'online',
      onlineUrl: 'https://meet.example.test/zones',
      startsAt: '2027-07-01T18:00',
      endsAt: '2027-07-01T20:00',
      capacity: '15',
    };
    const refused = await client.postForm('/events/new?_action=events.create', { ...fields, timezone: 'Mars/Base' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(
      /id="field-timezone-error"[^>]*>[\s\S]*?Pick a time zone from the list, like Europe\/Berlin\./,
    );
    expect(html).toMatch(/<input[^>]*name="timezone"[^>]*aria-invalid="true"[^>]*value="Mars\/Base"/);
    expect((await db().select({ n: count() }).from(events).get())?.n).toBe(before);

    const saved = await client.postForm('/events/new?_action=events.create', { ...fields, timezone: ' lisbon ' });
    expect(saved.status).toBe(303);
    const row = await db().select().from(events).where(eq(events.slug, 'zones-over-http')).get();
    expect(row?.timezone).toBe('Europe/Lisbon');
  });

  it('sends visitors who want to organise to sign in', async () => {
    const response = await anonymous().get('/events/new');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin?next=%2Fevents%2Fnew');
  });
});

describe('organiser actions from other people', () => {
  it('refuses publish, cancel and announce by an attendee, another member or a visitor, and nothing changes', async () => {
    const organizer = await member();
    const ev = await event({ organizer });
    const attendeeMember = await member();
    const attendee = await signedIn(attendeeMember);
    await attendee.postForm(`/events/${ev.slug}?_action=events.rsvp`, { eventId: ev.id });
    const other = await signedIn(await member());
    for (const client of [attendee, other]) {
      const cancel = await client.postForm(`/events/${ev.slug}/attendees?_action=events.cancel`, {
        eventId: ev.id,
        reason: '',
      });
      expect(cancel.status).toBe(404);
      const announce = await client.postForm(`/events/${ev.slug}/attendees?_action=events.announce`, {
        eventId: ev.id,
        subject: 'Hi',
        message: 'Spam',
      });
      expect(announce.status).toBe(404);
      const publish = await client.postForm(`/events/${ev.slug}?_action=events.publish`, { eventId: ev.id });
      expect(publish.status).toBe(404);
    }
    // A visitor's post is refused by the action (no session) and the page sends them to sign in.
    const visitor = await anonymous().postForm(`/events/${ev.slug}/attendees?_action=events.cancel`, {
      eventId: ev.id,
    });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toMatch(/^\/signin\?next=/);
    expect((await anonymous().postForm(`/events/${ev.slug}?_action=events.publish`, { eventId: ev.id })).status).toBe(
      401,
    );
    expect((await db().select().from(events).where(eq(events.id, ev.id)).get())?.status).toBe('published');
    const owner = await signedIn(organizer);
    const sent = await owner.postForm(`/events/${ev.slug}/attendees?_action=events.announce`, {
      eventId: ev.id,
      subject: 'Bring laptops',
      message: 'See you there.',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/events/${ev.slug}/attendees?sent=1`);
    const inbox = await (await attendee.get('/inbox')).text();
    expect(inbox).toContain(`${ev.title}: Bring laptops`);
  });
});
