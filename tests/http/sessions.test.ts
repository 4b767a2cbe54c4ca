import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/** Session hygiene (issue 8, item 19): the member sees where they are signed in and ends sessions. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

async function signedIn(member: Member, ip: string, userAgent: string): Promise<HttpClient> {
  const client = new HttpClient(server.url, { ip });
  const response = await client.postForm(
    '/signin?_action=accounts.signIn',
    { email: member.email, password: member.password },
    { headers: { 'user-agent': userAgent } },
  );
  expect(response.status).toBe(303);
  return client;
}

const stillSignedIn = async (client: HttpClient) => (await client.get('/settings/account')).status === 200;

describe('the sessions list on /settings/account', () => {
  it('lists each browser with its device, approximate place and last activity', async () => {
    const member = await createMember({}, server.database.db);
    const laptop = await signedIn(member, '8.8.8.8', FIREFOX_WINDOWS);
    await signedIn(member, '192.0.2.55', SAFARI_IPHONE);
    const html = await (await laptop.get('/settings/account', { headers: { 'user-agent': FIREFOX_WINDOWS } })).text();
    expect(html).toContain('Firefox on Windows');
    expect(html).toContain('Safari on iPhone');
    expect(html).toContain('United States · 8.8.8.x'); // registered country, and the network without the host
    expect(html).toContain('192.0.2.x'); // documentation range: no country, the network only
    expect(html).not.toContain('192.0.2.55');
    expect(html).toMatch(/This browser/);
    expect(html).toMatch(/last active/);
  });

  it('ends one other session, or all others, and never someone else’s', async () => {
    const member = await createMember({}, server.database.db);
    const here = await signedIn(member, '198.51.100.60', FIREFOX_WINDOWS);
    const phone = await signedIn(member, '198.51.100.61', SAFARI_IPHONE);
    const tablet = await signedIn(member, '198.51.100.62', SAFARI_IPHONE);
    const phoneSessionId = phone.cookies.get('session')!.split('.')[0]!;

    // Another member cannot end it (allow and deny of the same rule).
    const stranger = await signedIn(await createMember({}, server.database.db), '198.51.100.63', FIREFOX_WINDOWS);
    const denied = await stranger.postForm('/settings/account?_action=accounts.endSession', {
      sessionId: phoneSessionId,
    });
    expect(denied.status).toBe(404);
    expect(await stillSignedIn(phone)).toBe(true);

    const ended = await here.postForm('/settings/account?_action=accounts.endSession', { sessionId: phoneSessionId });
    expect(ended.status).toBe(200);
    expect(await ended.text()).toContain('That session has ended.');
    expect(await stillSignedIn(phone)).toBe(false);
    expect(await stillSignedIn(tablet)).toBe(true);

    const others = await here.postForm('/settings/account?_action=accounts.endOtherSessions', {});
    expect(await others.text()).toContain('One other session ended.');
    expect(await stillSignedIn(tablet)).toBe(false);
    expect(await stillSignedIn(here)).toBe(true);
  });

  it('issues session secrets of at least 128 bits', async () => {
    const member = await createMember({}, server.database.db);
    const client = await signedIn(member, '198.51.100.70', FIREFOX_WINDOWS);
    const [, secret] = client.cookies.get('session')!.split('.');
    // 32 characters from a 32-symbol alphabet: 160 bits.
    expect(secret!.length * 5).toBeGreaterThanOrEqual(128);
  });
});
