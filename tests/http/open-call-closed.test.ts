import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberBlocks, mentoringRequests } from '#db/schema/index.ts';
import { createMember, createRequest, type Member, type MemberSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * Issue 8, item 16: a member who loses the race for an open call (or opens one that
 * closed meanwhile) is told "someone else picked it up" on the other open calls, never
 * "does not exist"; requests that never existed, or that they could never see, still
 * answer 404.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

let n = 0;
async function signedIn(spec: MemberSpec = {}): Promise<{ member: Member; client: HttpClient }> {
  const member = await createMember({ handle: `race-${++n}`, ...spec }, server.database.db);
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(response.status).toBe(303);
  return { member, client };
}

const teacher = () => signedIn({ skills: [{ skill: 'Bun', canTeach: true }] });
const openCall = (requester: Member) =>
  createRequest({ requester, skill: 'Bun', slots: [new Date(Date.now() + 2 * 86_400_000)] }, server.database.db);
const pickUp = (client: HttpClient, id: string) =>
  client.postForm(`/requests/${id}?_action=requests.accept`, { id, choice: 'slot-1' });
const OTHER_CALLS = '/requests/open?topic=bun&closed=taken';

describe('losing an open call', () => {
  it('answers the second teacher with "someone else picked it up" and the other open calls, not 404', async () => {
    const { member: asker } = await signedIn();
    const [first, second] = [await teacher(), await teacher()];
    const id = await openCall(asker);
    const other = await openCall((await signedIn()).member);

    expect((await pickUp(first.client, id)).headers.get('location')).toBe(`/requests/${id}?done=accept`);
    const lost = await pickUp(second.client, id);
    expect(lost.status).toBe(303);
    expect(lost.headers.get('location')).toBe(OTHER_CALLS);

    const landing = await second.client.get(OTHER_CALLS);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('Someone else picked up that open call.');
    expect(html).toContain(`href="/requests/${other}"`);
    expect(html).not.toContain(`href="/requests/${id}"`);
    // Nothing of the taken request itself: not who took it, nor what was asked.
    expect(html).not.toContain(first.member.displayName);

    // Opening it again (a stale tab, the open-call notice) says the same.
    const again = await second.client.get(`/requests/${id}`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(OTHER_CALLS);
  });

  it('says so to every loser when many teachers press at once, with exactly one helper', async () => {
    const { member: asker } = await signedIn();
    const teachers = await Promise.all([1, 2, 3, 4, 5].map(() => teacher()));
    const id = await openCall(asker);
    const answers = await Promise.all(teachers.map((t) => pickUp(t.client, id)));
    const locations = answers.map((r) => `${r.status} ${r.headers.get('location')}`);
    expect(locations.filter((l) => l === `303 /requests/${id}?done=accept`)).toHaveLength(1);
    expect(locations.filter((l) => l === `303 ${OTHER_CALLS}`)).toHaveLength(teachers.length - 1);
    const row = await server.database.db.select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();
    expect(row).toMatchObject({ state: 'accepted', openCall: true });
  });

  it('says why when the open call was withdrawn instead', async () => {
    const { member: asker } = await signedIn();
    const { client } = await teacher();
    const id = await openCall(asker);
    await server.database.db
      .update(mentoringRequests)
      .set({ state: 'withdrawn', closedAt: new Date() })
      .where(eq(mentoringRequests.id, id));
    const lost = await pickUp(client, id);
    expect(lost.headers.get('location')).toBe('/requests/open?topic=bun&closed=withdrawn');
    expect(await (await client.get(lost.headers.get('location')!)).text()).toContain(
      'That open call was withdrawn by the person who posted it.',
    );
  });
});

describe('what still answers 404', () => {
  it('a request that never existed', async () => {
    const { client } = await teacher();
    expect((await client.get('/requests/doesnotexist0000')).status).toBe(404);
    expect((await pickUp(client, 'doesnotexist0000')).status).toBe(404);
  });

  it("someone else's direct request, whatever state it is in", async () => {
    const { client } = await teacher();
    const asker = await createMember({}, server.database.db);
    const helper = await createMember({}, server.database.db);
    for (const state of ['open', 'accepted', 'withdrawn'] as const) {
      const id = await createRequest({ requester: asker, recipient: helper, state }, server.database.db);
      expect((await client.get(`/requests/${id}`)).status).toBe(404);
      expect((await pickUp(client, id)).status).toBe(404);
    }
  });

  it('a taken open call, for a member blocked by its requester (they could never see it)', async () => {
    const { member: asker } = await signedIn();
    const winner = await teacher();
    const blocked = await teacher();
    const id = await openCall(asker);
    await server.database.db.insert(memberBlocks).values({ blockerId: asker.id, blockedId: blocked.member.id });
    expect((await pickUp(winner.client, id)).status).toBe(303);
    expect((await blocked.client.get(`/requests/${id}`)).status).toBe(404);
    expect((await pickUp(blocked.client, id)).status).toBe(404);
  });

  it('the closed-call note is fixed text: an unknown reason shows nothing', async () => {
    const { client } = await teacher();
    const html = await (await client.get('/requests/open?closed=<script>')).text();
    expect(html).not.toContain('picked up that open call');
    expect(html).not.toContain('<script>');
  });
});
