import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPeople, events, notifications } from '#db/schema/index.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { parseIcal, prop } from '#tests/helpers/ical.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * Issue 8, item 15, over HTTP: naming a co-host or speaker sends an invitation; until the
 * person accepts, their name is on no page, file or feed, and they are not treated as
 * such; the organiser sees and can withdraw it; answers crossing each other end in one
 * consistent state.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const db = () => server.database.db;
let n = 0;
async function signedIn(displayName: string): Promise<{ member: Member; client: HttpClient }> {
  const member = await createMember({ handle: `inv-${++n}`, displayName }, db());
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(response.status).toBe(303);
  return { member, client };
}

const eventForm = (hosts: string, speakers: string) => {
  const start = new Date(Date.now() + 9 * 86_400_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  return {
    title: 'Consent by design',
    kind: 'workshop',
    description: 'Ask first.',
    topics: '',
    format: 'online',
    venue: '',
    onlineUrl: 'https://meet.example.test/consent-room',
    startsAt: local(start),
    endsAt: local(new Date(start.getTime() + 3_600_000)),
    timezone: 'UTC',
    capacity: '20',
    hosts,
    speakers,
  };
};

/** The organiser creates an event naming `hosts` and `speakers` through the form, and publishes it. */
async function organise(organizer: HttpClient, hosts: string, speakers = '', publish = true) {
  const created = await organizer.postForm('/events/new?_action=events.create', eventForm(hosts, speakers));
  expect(created.status).toBe(303);
  const slug = /^\/events\/([a-z0-9-]+)\?created=1$/.exec(created.headers.get('location')!)![1]!;
  const event = (await db().select().from(events).where(eq(events.slug, slug)).get())!;
  if (publish) {
    const published = await organizer.postForm(`/events/${slug}?_action=events.publish`, { eventId: event.id });
    expect(published.status).toBe(303);
  }
  return event;
}

async function feedOf(client: HttpClient): Promise<(string | undefined)[]> {
  const issued = await client.postForm('/settings/calendar?_action=calendar.issueFeed', {});
  const url = /value="(http:\/\/[^"]+\/api\/calendar\/[a-z2-9]+\.[a-z2-9]+\.ics)"/.exec(await issued.text())![1]!;
  return parseIcal(await (await fetch(url)).text()).events.map((e) => prop(e, 'SUMMARY'));
}

const anonymousHtml = async (path: string) => (await new HttpClient(server.url).get(path)).text();

describe('a co-host named by the organiser', () => {
  it('is invited, shown nowhere until they accept, then shown everywhere a co-host is', async () => {
    const { client: organizer, member: olu } = await signedIn('Olu Organiser');
    const { client: ada, member: adaMember } = await signedIn('Ada Lovelace-Invitee');
    const { client: other } = await signedIn('Otto Other');
    const event = await organise(organizer, `@${adaMember.handle}`);
    const page = `/events/${event.slug}`;

    // Nowhere public: the event page (visitor and another member), its .ics, and search results.
    expect(await anonymousHtml(page)).not.toContain('Ada Lovelace-Invitee');
    expect(await (await other.get(page)).text()).not.toContain('Ada Lovelace-Invitee');
    expect(await (await new HttpClient(server.url).get(`${page}.ics`)).text()).not.toContain('Lovelace');
    expect(await anonymousHtml('/events?q=consent')).not.toContain('Ada Lovelace-Invitee');
    // Not treated as a co-host: no online link, no place in their calendar feed, no materials form.
    const invitedView = await (await ada.get(page)).text();
    expect(invitedView).not.toContain('consent-room');
    expect(await feedOf(ada)).toEqual([]);
    const materials = await ada.postForm(`${page}?_action=events.updateMaterials`, {
      eventId: event.id,
      slidesUrl: 'https://slides.example.test/x',
    });
    expect(materials.status).toBe(404);

    // The invitation: in the inbox, and on the event page with accept and decline.
    expect(await (await ada.get('/inbox')).text()).toContain('Olu Organiser invited you to co-host Consent by design');
    expect(invitedView).toContain('id="invitation"');
    expect(invitedView).toContain('Accept: be a co-host');
    expect(invitedView).toContain('>Decline</button>');
    // The organiser sees it waiting, with a way to withdraw it.
    const organiserView = await (await organizer.get(page)).text();
    expect(organiserView).toContain('not answered yet');
    expect(organiserView).toContain(`Withdraw the invitation to Ada Lovelace-Invitee`);

    const accepted = await ada.postForm(`${page}?_action=events.acceptInvitation`, { eventId: event.id, role: 'host' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`${page}?done=invitation-accepted`);
    expect(await anonymousHtml(page)).toMatch(
      new RegExp(`<a href="/people/${adaMember.handle}"[^>]*>Ada Lovelace-Invitee</a>`),
    );
    expect(await (await ada.get(page)).text()).toContain('consent-room');
    expect(await feedOf(ada)).toEqual(['Consent by design']);
    const told = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, olu.id), eq(notifications.kind, 'event.invitation.accepted')));
    expect(told).toHaveLength(1);

    // …and may step down again.
    const stepped = await ada.postForm(`${page}?_action=events.stepDown`, { eventId: event.id, role: 'host' });
    expect(stepped.headers.get('location')).toBe(`${page}?done=stepped-down`);
    expect(await anonymousHtml(page)).not.toContain('Ada Lovelace-Invitee');
  });

  it('can decline; the organiser sees it, and cannot name them again', async () => {
    const { client: organizer } = await signedIn('Olu Two');
    const { client: bo, member: boMember } = await signedIn('Bo Decliner');
    const event = await organise(organizer, '', boMember.handle);
    const page = `/events/${event.slug}`;
    const declined = await bo.postForm(`${page}?_action=events.declineInvitation`, {
      eventId: event.id,
      role: 'speaker',
    });
    expect(declined.headers.get('location')).toBe(`${page}?done=invitation-declined`);
    expect(await anonymousHtml(page)).not.toContain('Bo Decliner');
    expect(await (await organizer.get(page)).text()).toMatch(
      /Bo Decliner<\/a>\s*<span class="muted"[^>]*>· speaker · declined/,
    );
    const again = await organizer.postForm(`${page}/edit?_action=events.update`, {
      eventId: event.id,
      ...eventForm('', boMember.handle),
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain(`@${boMember.handle} declined to speak at this event`);
  });

  it('sees a draft they are invited to (allow) while other members get 404 (deny)', async () => {
    const { client: organizer } = await signedIn('Olu Three');
    const { client: cy, member: cyMember } = await signedIn('Cy Draft');
    const { client: other } = await signedIn('Otto Two');
    const draft = await organise(organizer, cyMember.handle, '', false);
    expect((await cy.get(`/events/${draft.slug}`)).status).toBe(200);
    expect((await other.get(`/events/${draft.slug}`)).status).toBe(404);
    // Declining a draft's invitation leaves it out of sight: back to the events list.
    const declined = await cy.postForm(`/events/${draft.slug}?_action=events.declineInvitation`, {
      eventId: draft.id,
      role: 'host',
    });
    expect(declined.headers.get('location')).toBe('/events?left=invitation-declined');
    expect((await cy.get(`/events/${draft.slug}`)).status).toBe(404);
  });

  it('ends in one consistent state when the invitee accepts as the organiser withdraws', async () => {
    for (let round = 0; round < 3; round++) {
      const { client: organizer } = await signedIn(`Olu Race ${round}`);
      const { client: dee, member: deeMember } = await signedIn(`Dee Race ${round}`);
      const event = await organise(organizer, deeMember.handle);
      const page = `/events/${event.slug}`;
      const [accept, withdraw] = await Promise.all([
        dee.postForm(`${page}?_action=events.acceptInvitation`, { eventId: event.id, role: 'host' }),
        organizer.postForm(`${page}?_action=events.withdrawInvitation`, {
          eventId: event.id,
          userId: deeMember.id,
          role: 'host',
        }),
      ]);
      expect([accept.status, withdraw.status].sort()).toEqual([303, 409]);
      const rows = await db().select().from(eventPeople).where(eq(eventPeople.eventId, event.id));
      const shown = (await anonymousHtml(page)).includes(`Dee Race ${round}`);
      if (accept.status === 303) {
        expect(rows).toMatchObject([{ status: 'accepted' }]);
        expect(shown).toBe(true);
        expect(await withdraw.text()).toContain('accepted a moment ago');
      } else {
        expect(rows).toEqual([]);
        expect(shown).toBe(false);
        expect(await accept.text()).toContain('the organiser may have withdrawn it');
      }
    }
  });
});
