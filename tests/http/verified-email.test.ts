import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  events,
  mentoringRequests,
  notifications,
  readingLists,
  reports,
  requestMessages,
  rsvps,
  users,
} from '#db/schema/index.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createEvent, createMember, createRequest, type Member, type MemberSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { confirmationLink } from '#tests/helpers/sign-up.ts';

/**
 * Issue 8, item 11: actions that reach other people need a confirmed email address.
 * Sign-up completes only through the emailed link, so an unconfirmed member with a
 * session is one signed in before that rule (or, later, one who changed their address):
 * made here by signing in, then clearing `email_verified_at`. Each action is refused
 * (403, nothing written, the reason beside the form with "Send the link again") for
 * them and allowed for a confirmed member; stepping back stays open to both.
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
async function signedIn(spec: MemberSpec & { confirmed: boolean }) {
  const { confirmed, ...rest } = spec;
  const member = await createMember({ handle: `mail-${++n}`, ...rest }, db());
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(response.status).toBe(303);
  if (!confirmed) await db().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, member.id));
  return { member, client };
}

const slot = () => toLocalInputValue(new Date(Date.now() + 3 * 86_400_000), 'UTC');
const requestForm = (to: string | null) => ({
  ...(to ? { to } : {}),
  topic: 'Bun',
  kind: 'adhoc',
  want: 'Walk me through deploying a Bun server, please.',
  format: 'video',
  duration: '30',
  timezone: 'UTC',
  slot1: slot(),
});
const rowCount = async (table: typeof mentoringRequests | typeof readingLists | typeof reports) =>
  (await db().select({ n: count() }).from(table).get())!.n;

let helper: Member;
beforeAll(async () => {
  helper = await createMember({ handle: 'mail-helper', skills: [{ skill: 'Bun', canTeach: true }] }, db());
});

/** The refusal as a person sees it: 403, the reason, and the button that sends the link again. */
async function expectRefused(response: Response, doing: string) {
  expect(response.status).toBe(403);
  const html = await response.text();
  expect(html).toContain(
    `Confirm your email address to ${doing}: open the link we emailed you, or send the link again.`,
  );
  expect(html).toMatch(/action="[^"]*_action=accounts\.resendVerification"[^>]*>[\s\S]*?Send the link again/);
}

describe('sending requests and open calls', () => {
  it('refuses an unconfirmed member (deny) and lets a confirmed one send (allow)', async () => {
    const { client } = await signedIn({ confirmed: false });
    const before = await rowCount(mentoringRequests);
    const direct = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      requestForm(helper.handle),
    );
    await expectRefused(direct, 'send requests');
    await expectRefused(
      await client.postForm('/requests/new?_action=requests.create', requestForm(null)),
      'post open calls',
    );
    expect(await rowCount(mentoringRequests)).toBe(before);
    // Said up front too, before they fill the form in.
    expect(await (await client.get(`/requests/new?to=${helper.handle}`)).text()).toContain(
      'Confirm your email address to send requests',
    );

    const { client: confirmed } = await signedIn({ confirmed: true });
    expect(await (await confirmed.get(`/requests/new?to=${helper.handle}`)).text()).not.toContain('Confirm your email');
    const sent = await confirmed.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      requestForm(helper.handle),
    );
    expect(sent.status).toBe(303);
  });
});

describe('inside a request', () => {
  it('refuses picking up an open call, writing in a thread and reporting while unconfirmed', async () => {
    const asker = await createMember({}, db());
    const openCall = await createRequest({ requester: asker, slots: [new Date(Date.now() + 86_400_000)] }, db());
    const { client: teacher } = await signedIn({ confirmed: false, skills: [{ skill: 'Bun', canTeach: true }] });
    await expectRefused(
      await teacher.postForm(`/requests/${openCall}?_action=requests.accept`, { id: openCall, choice: 'slot-1' }),
      'pick up open calls',
    );
    expect((await db().select().from(mentoringRequests).where(eq(mentoringRequests.id, openCall)).get())!.state).toBe(
      'open',
    );

    const { client: requester, member: me } = await signedIn({ confirmed: false });
    const mine = await createRequest({ requester: me, recipient: helper }, db());
    await expectRefused(
      await requester.postForm(`/requests/${mine}?_action=requests.message`, { id: mine, body: 'Hello there!' }),
      'send messages',
    );
    // Reporting a request they received (their own they cannot report).
    const received = await createRequest({ requester: helper, recipient: me }, db());
    const reported = await requester.postForm(`/report?kind=request&id=${received}&_action=moderation.report`, {
      kind: 'request',
      id: received,
      reason: 'harassment',
      details: 'Testing the rule about reports.',
    });
    expect(reported.status).toBe(403);
    expect(await db().select().from(requestMessages).where(eq(requestMessages.requestId, mine))).toEqual([]);
    expect(await db().select().from(reports).where(eq(reports.requestId, received))).toEqual([]);

    // Stepping back stays open: they can withdraw what they sent before.
    const withdrawn = await requester.postForm(`/requests/${mine}?_action=requests.withdraw`, { id: mine });
    expect(withdrawn.status).toBe(303);
  });

  it('lets a confirmed member pick up and write (allow)', async () => {
    const asker = await createMember({}, db());
    const openCall = await createRequest({ requester: asker, slots: [new Date(Date.now() + 86_400_000)] }, db());
    const { client } = await signedIn({ confirmed: true, skills: [{ skill: 'Bun', canTeach: true }] });
    const picked = await client.postForm(`/requests/${openCall}?_action=requests.accept`, {
      id: openCall,
      choice: 'slot-1',
    });
    expect(picked.status).toBe(303);
    const wrote = await client.postForm(`/requests/${openCall}?_action=requests.message`, {
      id: openCall,
      body: 'Looking forward to it.',
    });
    expect(wrote.status).toBe(303);
  });
});

describe('events and reading lists', () => {
  it('refuses publishing, announcing and invitations while unconfirmed; a draft alone is fine', async () => {
    const { client, member } = await signedIn({ confirmed: false });
    const draft = await createEvent({ organizer: member, status: 'draft' }, db());
    await expectRefused(
      await client.postForm(`/events/${draft.slug}?_action=events.publish`, { eventId: draft.id }),
      'publish events',
    );
    expect((await db().select().from(events).where(eq(events.id, draft.id)).get())!.status).toBe('draft');

    const published = await createEvent({ organizer: member }, db());
    const goer = await createMember({}, db());
    await db().insert(rsvps).values({
      eventId: published.id,
      userId: goer.id,
      status: 'going',
      seq: 1,
    });
    const announced = await client.postForm(`/events/${published.slug}/attendees?_action=events.announce`, {
      eventId: published.id,
      subject: 'Bring a laptop',
      message: 'See you there.',
    });
    await expectRefused(announced, 'send announcements');
    expect(await db().select().from(notifications).where(eq(notifications.userId, goer.id))).toEqual([]);

    const start = new Date(Date.now() + 5 * 86_400_000);
    const invite = await client.postForm('/events/new?_action=events.create', {
      title: 'Invites before confirming',
      kind: 'talk',
      format: 'online',
      onlineUrl: 'https://meet.example.test/x',
      startsAt: toLocalInputValue(start, 'UTC'),
      endsAt: toLocalInputValue(new Date(start.getTime() + 3_600_000), 'UTC'),
      timezone: 'UTC',
      capacity: '10',
      hosts: goer.handle,
    });
    await expectRefused(invite, 'invite co-hosts and speakers');
    expect(await db().select().from(events).where(eq(events.title, 'Invites before confirming'))).toEqual([]);
    expect(await db().select().from(notifications).where(eq(notifications.userId, goer.id))).toEqual([]);
  });

  it('refuses creating a reading list while unconfirmed (deny), allows it once confirmed (allow)', async () => {
    const { client, member } = await signedIn({ confirmed: false });
    const form = { title: 'Bun from zero', topics: 'Bun', description: 'Start here.' };
    const before = await rowCount(readingLists);
    await expectRefused(await client.postForm('/lists/new?_action=lists.create', form), 'publish reading lists');
    expect(await rowCount(readingLists)).toBe(before);
    await db().update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, member.id));
    expect((await client.postForm('/lists/new?_action=lists.create', form)).status).toBe(303);
  });
});

describe('"Send the link again"', () => {
  it('mails a fresh link that confirms the address and leads back to the form, a few times an hour', async () => {
    const { client, member } = await signedIn({ confirmed: false });
    const form = `/requests/new?to=${helper.handle}&topic=bun`;
    const resent = await client.postForm(`${form}&_action=accounts.resendVerification`, { next: form });
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain('A new link is on its way.');

    const link = new URL(await confirmationLink(server, member.email), server.url);
    expect(link.searchParams.get('next')).toBe(form);
    const confirmed = await client.postForm(
      `${link.pathname}?_action=accounts.verifyEmail&next=${encodeURIComponent(form)}`,
      { token: link.pathname.split('/').pop()! },
    );
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(form);
    const sent = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      requestForm(helper.handle),
    );
    expect(sent.status).toBe(303);
  });

  it('is rate-limited: the fourth within the hour answers 429 with a message', async () => {
    const { client } = await signedIn({ confirmed: false });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await client.postForm('/lists/new?_action=accounts.resendVerification', { next: '/lists/new' });
      statuses.push(response.status);
      if (i === 3) expect(await response.text()).toContain('Too many verification emails for this account.');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('never sends the link anywhere off the site', async () => {
    const { client, member } = await signedIn({ confirmed: false });
    await client.postForm('/lists/new?_action=accounts.resendVerification', { next: 'https://evil.example/' });
    const link = new URL(await confirmationLink(server, member.email), server.url);
    expect(link.searchParams.get('next')).toBe('/settings/account?verified=1');
  });
});
