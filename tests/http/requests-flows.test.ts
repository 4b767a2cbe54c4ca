import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberBlocks, mentoringRequests, notifications, requestSlots } from '#db/schema/index.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createMember, createRequest, type Member, type MemberSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { startSmtpServer } from '#tests/helpers/smtp.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

let n = 0;
async function signedIn(spec: MemberSpec = {}): Promise<{ member: Member; client: HttpClient }> {
  const member = await createMember({ handle: `flow-${++n}`, ...spec }, server.database.db);
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(response.status).toBe(303);
  return { member, client };
}

const slot = (days: number, zone: string) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(14, 0, 0, 0);
  return toLocalInputValue(d, zone);
};

const form = (to: string | null, extra: Record<string, string> = {}) => ({
  ...(to ? { to } : {}),
  topic: 'Bun',
  kind: 'adhoc',
  want: 'Walk me through deploying a Bun server, please.',
  format: 'video',
  duration: '30',
  timezone: 'Europe/Berlin',
  slot1: slot(3, 'Europe/Berlin'),
  ...extra,
});

/** The request form's size with the zone list gone (it was about 31 KB more with it). */
const REQUEST_FORM_MAX_BYTES = 24_000;

const requestsTo = (id: string) =>
  server.database.db.select().from(mentoringRequests).where(eq(mentoringRequests.recipientId, id));

describe('sending a request through the form', () => {
  it('pre-fills a direct request from ?to= and ?topic=, and labels it reverse for a senior asking a junior', async () => {
    const { client } = await signedIn({ seniority: 'senior' });
    const junior = await createMember(
      {
        handle: 'flow-junior',
        displayName: 'Juno Bun',
        seniority: 'junior',
        skills: [{ skill: 'Bun', canTeach: true }],
      },
      server.database.db,
    );
    const html = await (await client.get(`/requests/new?to=${junior.handle}&topic=bun`)).text();
    expect(html).toContain('Ask Juno Bun for help on Bun');
    expect(html).toMatch(/name="topic"[^>]*value="Bun"/);
    expect(html).toMatch(/labelled <strong[^>]*>reverse mentoring<\/strong>/);
    expect(html).toMatch(/<input[^>]*name="timezone"[^>]*value="UTC"/); // their own zone, to change by typing
  });

  it('starts an open call from ?topic= alone', async () => {
    const { client } = await signedIn();
    const html = await (await client.get('/requests/new?topic=terraform')).text();
    expect(html).toContain('Post an open call on Terraform');
    expect(html).toContain('Post open call</button>');
  });

  it('sends, stores the slot in UTC and redirects to the request; the recipient sees it in their inbox', async () => {
    const { member, client } = await signedIn();
    const { member: helper, client: helperClient } = await signedIn({ skills: [{ skill: 'Bun', canTeach: true }] });
    const response = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      form(helper.handle),
    );
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/requests\/[a-z0-9]+\?done=sent$/);
    const id = location.split('/')[2]!.split('?')[0]!;
    const [row] = await requestsTo(helper.id);
    expect(row).toMatchObject({ id, requesterId: member.id, state: 'open' });
    const [stored] = await server.database.db.select().from(requestSlots).where(eq(requestSlots.requestId, id));
    expect(toLocalInputValue(stored!.startsAt, 'Europe/Berlin')).toBe(slot(3, 'Europe/Berlin'));
    const inbox = await (await helperClient.get('/inbox')).text();
    expect(inbox).toContain(`asks you for ad-hoc help on Bun`);
  });

  it('refuses bad input beside the fields, refilling the form and creating nothing', async () => {
    const { client } = await signedIn();
    const helper = await createMember({ handle: 'flow-bad' }, server.database.db);
    const response = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      form(helper.handle, { want: 'hm', slot1: '2001-01-01T10:00' }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="field-want-error"[^>]*>.*at least 10 characters/s);
    expect(await requestsTo(helper.id)).toEqual([]);
    const past = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      form(helper.handle, { slot1: '2001-01-01T10:00' }),
    );
    expect(past.status).toBe(400);
    expect(await past.text()).toMatch(/id="field-slot1-error"[^>]*>.*Pick a time in the future/s);
  });

  it('carries no list of time zones, refuses an unknown zone beside its field and takes a typed city', async () => {
    const { client } = await signedIn({ timezone: 'Asia/Kolkata' });
    const helper = await createMember(
      { handle: 'flow-zones', skills: [{ skill: 'Bun', canTeach: true }] },
      server.database.db,
    );
    const page = await (await client.get(`/requests/new?to=${helper.handle}`)).text();
    // It used to embed a <select> of 425 zones (about 31 KB); the browser fills in the suggestions from its own list.
    expect(page.match(/<option\b/g)?.length ?? 0).toBeLessThan(30);
    expect(page).toContain('<datalist id="timezone-options" data-zone-options></datalist>');
    expect(page).toMatch(/<input[^>]*name="timezone"[^>]*value="Asia\/Kolkata"/);
    expect(page).not.toMatch(/America\/New_York|Pacific\/Auckland|Europe\/Berlin/);
    expect(Buffer.byteLength(page)).toBeLessThan(REQUEST_FORM_MAX_BYTES);

    const refused = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      form(helper.handle, { timezone: 'Mars/Olympus_Mons' }),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/id="field-timezone-error"[^>]*>.*Pick a time zone from the list, like Europe\/Berlin\./s);
    expect(html).toMatch(/<input[^>]*name="timezone"[^>]*value="Mars\/Olympus_Mons"/);
    expect(await requestsTo(helper.id)).toEqual([]);

    const sent = await client.postForm(
      `/requests/new?_action=requests.create&to=${helper.handle}`,
      form(helper.handle, { timezone: 'tokyo', slot1: slot(3, 'Asia/Tokyo') }),
    );
    expect(sent.status).toBe(303);
    const [row] = await requestsTo(helper.id);
    expect(row?.timezone).toBe('Asia/Tokyo');
    const [stored] = await server.database.db.select().from(requestSlots).where(eq(requestSlots.requestId, row!.id));
    expect(toLocalInputValue(stored!.startsAt, 'Asia/Tokyo')).toBe(slot(3, 'Asia/Tokyo'));
  });

  it('refuses a request to yourself', async () => {
    const { member, client } = await signedIn();
    const response = await client.postForm(
      `/requests/new?_action=requests.create&to=${member.handle}`,
      form(member.handle),
    );
    expect(response.status).toBe(400);
    expect(await requestsTo(member.id)).toEqual([]);
    expect(await (await client.get(`/requests/new?to=${member.handle}`)).text()).toContain(
      'You cannot send a request to yourself.',
    );
  });
});

describe('limits over HTTP', () => {
  it('shows a member at capacity as such and refuses new direct requests (allowed again when a place frees up)', async () => {
    const { client } = await signedIn();
    const { member: busy } = await signedIn({ capacityOpenRequests: 1 });
    const other = await createMember({}, server.database.db);
    const existing = await createRequest({ requester: other, recipient: busy }, server.database.db);
    expect(await (await client.get(`/requests/new?to=${busy.handle}&topic=bun`)).text()).toContain('is at capacity');
    const refused = await client.postForm(`/requests/new?_action=requests.create&to=${busy.handle}`, form(busy.handle));
    expect(refused.status).toBe(409);
    expect(await requestsTo(busy.id)).toHaveLength(1);
    await server.database.db
      .update(mentoringRequests)
      .set({ state: 'declined' })
      .where(eq(mentoringRequests.id, existing));
    const allowed = await client.postForm(`/requests/new?_action=requests.create&to=${busy.handle}`, form(busy.handle));
    expect(allowed.status).toBe(303);
  });

  it('lets a requester have at most five requests waiting', async () => {
    const { client } = await signedIn();
    for (let i = 0; i < 5; i++)
      expect((await client.postForm('/requests/new?_action=requests.create', form(null))).status).toBe(303);
    const sixth = await client.postForm('/requests/new?_action=requests.create', form(null));
    expect(sixth.status).toBe(409);
    expect(await sixth.text()).toContain('5 requests waiting for an answer');
  });

  it('rate-limits sending with 429 and Retry-After', async () => {
    const { client, member } = await signedIn();
    const withdrawAll = async () => {
      const open = await server.database.db
        .select({ id: mentoringRequests.id })
        .from(mentoringRequests)
        .where(and(eq(mentoringRequests.requesterId, member.id), eq(mentoringRequests.state, 'open')));
      for (const { id } of open) await client.postForm(`/requests/${id}?_action=requests.withdraw`, { id });
    };
    // Five may wait at once: a send past that is refused (409) and, reaching nobody, not counted.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await client.postForm('/requests/new?_action=requests.create', form(null))).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 409]);
    // Ten sends an hour: withdrawing makes room for five more, then the limit answers.
    await withdrawAll();
    for (let i = 0; i < 5; i++)
      expect((await client.postForm('/requests/new?_action=requests.create', form(null))).status).toBe(303);
    await withdrawAll();
    const limited = await client.postForm('/requests/new?_action=requests.create', form(null));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('blocking over HTTP', () => {
  it('blocks from settings: the blocked member cannot request the blocker; unblocking lets them again', async () => {
    const { member: blocker, client: blockerClient } = await signedIn();
    const { client: blockedClient, member: blocked } = await signedIn();
    const block = await blockerClient.postForm('/settings/blocks?_action=blocks.block', { handle: blocked.handle });
    expect(block.status).toBe(200);
    expect(await block.text()).toContain(`You blocked ${blocked.displayName}`);
    expect(
      await server.database.db.select().from(memberBlocks).where(eq(memberBlocks.blockerId, blocker.id)),
    ).toHaveLength(1);

    const refused = await blockedClient.postForm(
      `/requests/new?_action=requests.create&to=${blocker.handle}`,
      form(blocker.handle),
    );
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('is not taking requests right now');
    expect(await (await blockerClient.get(`/requests/new?to=${blocked.handle}`)).text()).toContain(
      `You blocked ${blocked.displayName}`,
    );

    const unblock = await blockerClient.postForm('/settings/blocks?_action=blocks.unblock&next=%2Frequests', {
      handle: blocked.handle,
    });
    expect(unblock.status).toBe(303);
    expect(unblock.headers.get('location')).toBe('/requests');
    expect(
      (await blockedClient.postForm(`/requests/new?_action=requests.create&to=${blocker.handle}`, form(blocker.handle)))
        .status,
    ).toBe(303);
  });

  it('blocks from a request page and comes back, closing the request', async () => {
    const { member: helper, client } = await signedIn();
    const pest = await createMember({}, server.database.db);
    const id = await createRequest({ requester: pest, recipient: helper }, server.database.db);
    const response = await client.postForm(
      `/settings/blocks?_action=blocks.block&next=${encodeURIComponent('/requests')}`,
      { handle: pest.handle },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/requests');
    const row = await server.database.db.select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();
    expect(row!.state).toBe('declined');
  });
});

describe('open calls over HTTP', () => {
  it('are picked up by exactly one of several teachers accepting at the same moment', async () => {
    const { member: asker } = await signedIn();
    const teachers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => signedIn({ skills: [{ skill: 'Bun', canTeach: true }] })),
    );
    const id = await createRequest(
      { requester: asker, slots: [new Date(Date.now() + 2 * 86_400_000)] },
      server.database.db,
    );
    const responses = await Promise.all(
      teachers.map((t) => t.client.postForm(`/requests/${id}?_action=requests.accept`, { id, choice: 'slot-1' })),
    );
    const locations = responses.map((r) => `${r.status} ${r.headers.get('location')}`);
    const won = locations.filter((l) => l === `303 /requests/${id}?done=accept`);
    expect(won).toHaveLength(1);
    // Everyone else is told someone else was quicker, on the other open calls: never a 404.
    expect(locations.filter((l) => l === '303 /requests/open?topic=bun&closed=taken')).toHaveLength(
      teachers.length - 1,
    );
    const winner = teachers[locations.indexOf(won[0]!)]!;
    const row = await server.database.db.select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();
    expect(row).toMatchObject({ state: 'accepted', recipientId: winner.member.id });
    const notices = await server.database.db.select().from(notifications).where(eq(notifications.userId, asker.id));
    expect(notices.filter((x) => x.kind === 'request.accepted')).toHaveLength(1);
  });
});

describe('expiry at start-up', () => {
  it('expires requests that went stale while the server was down, as soon as it starts', async () => {
    const asker = await createMember({}, server.database.db);
    const helper = await createMember({}, server.database.db);
    const stale = await createRequest(
      { requester: asker, recipient: helper, createdAt: new Date(Date.now() - 15 * 86_400_000) },
      server.database.db,
    );
    await server.stop();
    server.database.close();
    server = await startServer({ dataDir: server.dataDir });
    const row = await server.database.db.select().from(mentoringRequests).where(eq(mentoringRequests.id, stale)).get();
    expect(row!.state).toBe('expired');
    const notices = await server.database.db.select().from(notifications).where(eq(notifications.userId, asker.id));
    expect(notices.map((x) => x.kind)).toContain('request.expired');
  });
});

describe('email copies', () => {
  it('mails the recipient a copy of a new request when SMTP is configured, linking to it', async () => {
    const smtp = await startSmtpServer();
    const mailing = await startServer({ env: { SMTP_URL: smtp.url } });
    try {
      const asker = await createMember({ handle: 'mail-asker', displayName: 'Mia Asker' }, mailing.database.db);
      const helper = await createMember({ handle: 'mail-helper', email: 'helper@example.test' }, mailing.database.db);
      const client = new HttpClient(mailing.url);
      await client.postForm('/signin?_action=accounts.signIn', { email: asker.email, password: asker.password });
      const sent = await client.postForm(
        `/requests/new?_action=requests.create&to=${helper.handle}`,
        form(helper.handle),
      );
      expect(sent.status).toBe(303);
      const id = sent.headers.get('location')!.split('/')[2]!.split('?')[0]!;
      const mail = await smtp.waitFor((m) => m.to.includes('helper@example.test'));
      expect(mail.subject).toBe('Mia Asker asks you for ad-hoc help on Bun');
      expect(mail.text).toContain(`${mailing.url}/requests/${id}`);
      expect(mail.text).toContain('Walk me through deploying a Bun server');
    } finally {
      await mailing.dispose();
      await smtp.close();
    }
  });
});
