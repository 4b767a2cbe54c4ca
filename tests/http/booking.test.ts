import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availabilitySettings, mentoringSessions } from '#db/schema/index.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createMember, type Member, type MemberSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

// Two server processes on one database, as behind a load balancer: bookings race across them.
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startServer({ env: { SEARCH_SNAPSHOTS: 'off' } });
  b = await startServer({ dataDir: a.dataDir, env: { SEARCH_SNAPSHOTS: 'off' } });
}, 180_000);
afterAll(async () => {
  await b?.stop();
  await a?.dispose();
});

let n = 0;
async function signedIn(server: TestServer, spec: MemberSpec = {}): Promise<{ member: Member; client: HttpClient }> {
  const member = await createMember({ handle: `book-${++n}`, ...spec }, a.database.db);
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(response.status).toBe(303);
  return { member, client };
}

const sessionsOfHelper = (id: string) =>
  a.database.db.select().from(mentoringSessions).where(eq(mentoringSessions.helperId, id));

/** A helper who publishes every day 17:00–19:00 in Berlin, set up through the settings forms. */
async function helperWithTime() {
  const helper = await signedIn(a, {
    timezone: 'Europe/Berlin',
    capacityOpenRequests: 20,
    skills: [{ skill: 'Bun', canTeach: true }],
  });
  for (let weekday = 1; weekday <= 7; weekday++) {
    const added = await helper.client.postForm('/settings/availability?_action=bookableTime.addWindow', {
      weekday: String(weekday),
      from: '17:00',
      to: '19:00',
    });
    expect(added.status).toBe(303);
  }
  const saved = await helper.client.postForm('/settings/availability?_action=bookableTime.saveSettings', {
    timezone: 'Europe/Berlin',
    sessionMinutes: '30',
    bufferMinutes: '15',
    horizonDays: '21',
    weeklyCap: '10',
    published: 'on',
  });
  expect(saved.status).toBe(303);
  return helper;
}

const form = (to: string, extra: Record<string, string>) => ({
  to,
  topic: 'Bun',
  kind: 'ongoing',
  want: 'Walk me through deploying a Bun server, please.',
  format: 'video',
  duration: '30',
  ...extra,
});

/** The free slots the request form offers (radio values). */
async function offeredSlots(client: HttpClient, handle: string): Promise<string[]> {
  const html = await (await client.get(`/requests/new?to=${handle}`)).text();
  return [...html.matchAll(/name="bookedSlot" value="([^"]+)"/g)].map((m) => m[1]!);
}

describe('bookable time over HTTP', () => {
  it('shows the availability page only to members, with a bad window refused beside the field', async () => {
    const visitor = await new HttpClient(a.url).get('/settings/availability');
    expect(visitor.status).toBe(303);
    const { client } = await signedIn(a);
    const bad = await client.postForm('/settings/availability?_action=bookableTime.addWindow', {
      weekday: '2',
      from: '19:00',
      to: '18:00',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="field-to-error"[^>]*>.*end after it starts/s);
    const hostile = await client.postForm('/settings/availability?_action=bookableTime.addWindow', {
      weekday: '9',
      from: '<script>',
      to: 'x'.repeat(5000),
    });
    expect(hostile.status).toBe(400);
  });

  it('takes the zone of the windows typed (no list of zones in the page), refusing an unknown one beside the field', async () => {
    const { member, client } = await signedIn(a, { timezone: 'Asia/Kolkata' });
    const page = await (await client.get('/settings/availability')).text();
    expect(page.match(/<option\b/g)?.length ?? 0).toBeLessThan(30); // it was a <select> of 425 zones
    expect(page).toMatch(/<input[^>]*name="timezone"[^>]*value="Asia\/Kolkata"/);
    expect(page).not.toMatch(/America\/New_York|Pacific\/Auckland/);
    const settings = (timezone: string) => ({
      timezone,
      sessionMinutes: '30',
      bufferMinutes: '15',
      horizonDays: '21',
      weeklyCap: '10',
    });
    const stored = () =>
      a.database.db.select().from(availabilitySettings).where(eq(availabilitySettings.userId, member.id)).get();
    const refused = await client.postForm(
      '/settings/availability?_action=bookableTime.saveSettings',
      settings('Atlantis/Capital'),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/id="field-timezone-error"[^>]*>.*Pick a time zone from the list/s);
    expect(await stored()).toBeUndefined();
    const saved = await client.postForm(
      '/settings/availability?_action=bookableTime.saveSettings',
      settings('auckland'),
    );
    expect(saved.status).toBe(303);
    expect((await stored())?.timezone).toBe('Pacific/Auckland');
  });

  it('offers free slots in the requester’s zone and holds one slot once when six ask at once through two servers', async () => {
    const helper = await helperWithTime();
    const askers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signedIn(i % 2 ? b : a, { timezone: 'America/New_York' })),
    );
    const slots = await offeredSlots(askers[0]!.client, helper.member.handle);
    expect(slots.length).toBeGreaterThan(10);
    const page = await (await askers[0]!.client.get(`/requests/new?to=${helper.member.handle}`)).text();
    expect(page).toContain('in your time zone (America/New York)');
    const pick = slots[2]!;
    const responses = await Promise.all(
      askers.map(({ client }) =>
        client.postForm(
          `/requests/new?_action=requests.create&to=${helper.member.handle}`,
          form(helper.member.handle, { bookedSlot: pick, timezone: 'America/New_York' }),
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(
      statuses.filter((s) => s === 303),
      `statuses: ${statuses.join(', ')}`,
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    const refused = responses.find((r) => r.status === 400)!;
    expect(await refused.text()).toMatch(/id="book-error"[^>]*>.*(a moment ago|no longer free)/s);
    const held = await sessionsOfHelper(helper.member.id);
    expect(held).toHaveLength(1);
    expect(held[0]!.startsAt.toISOString()).toBe(pick);
    expect(await offeredSlots(askers[1]!.client, helper.member.handle)).not.toContain(pick);
  });

  it('moves a session through the request page and the .ics of both sides shows the new time, SEQUENCE bumped', async () => {
    const helper = await helperWithTime();
    const asker = await signedIn(b, { timezone: 'Asia/Tokyo' });
    const [pick] = await offeredSlots(asker.client, helper.member.handle);
    const sent = await asker.client.postForm(
      `/requests/new?_action=requests.create&to=${helper.member.handle}`,
      form(helper.member.handle, { bookedSlot: pick!, timezone: 'Asia/Tokyo' }),
    );
    expect(sent.status).toBe(303);
    const id = sent.headers.get('location')!.split('/')[2]!.split('?')[0]!;
    const accepted = await helper.client.postForm(`/requests/${id}?_action=requests.accept`, {
      id,
      choice: 'slot-1',
      timezone: 'Europe/Berlin',
    });
    expect(accepted.status).toBe(303);
    const [session] = await sessionsOfHelper(helper.member.id);
    expect(session!.state).toBe('scheduled');

    const later = new Date(session!.startsAt.getTime() + 2 * 86_400_000);
    const stranger = await signedIn(a);
    const denied = await stranger.client.postForm(`/requests/${id}?_action=sessions.reschedule`, {
      id,
      sessionId: session!.id,
      startsAt: toLocalInputValue(later, 'UTC'),
      timezone: 'UTC',
    });
    expect(denied.status).toBe(404);
    const moved = await helper.client.postForm(`/requests/${id}?_action=sessions.reschedule`, {
      id,
      sessionId: session!.id,
      startsAt: toLocalInputValue(later, 'Europe/Berlin'),
      timezone: 'Europe/Berlin',
    });
    expect(moved.status).toBe(303);
    const askerPage = await (await asker.client.get(`/requests/${id}`)).text();
    expect(askerPage).toContain('Accept the new time');
    // One session is cancelled on its own card; the request-wide button ends the mentorship.
    expect(askerPage).toContain('Cancel this session');
    expect(askerPage).toContain('End the mentorship');
    expect(askerPage).not.toContain('Cancel the session');
    const answer = await asker.client.postForm(`/requests/${id}?_action=sessions.answerMove`, {
      id,
      sessionId: session!.id,
      answer: 'accept',
    });
    expect(answer.status).toBe(303);
    const stamp = later.toISOString().replace(/[-:]/g, '').slice(0, 15);
    for (const client of [helper.client, asker.client]) {
      const ics = await (await client.get(`/requests/${id}.ics`)).text();
      expect(ics).toContain(`DTSTART:${stamp}Z`);
      expect(ics).toMatch(/SEQUENCE:[1-9]/);
    }
    expect((await stranger.client.get(`/requests/${id}.ics`)).status).toBe(404);
  });
});
