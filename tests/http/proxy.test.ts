import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * The usual production set-up: a TLS-terminating proxy (nginx, Caddy…) on the same
 * machine speaks plain HTTP to the server and adds the headers below (issue 8, items
 * 6, 7 and 14). The test client plays the proxy by sending them itself.
 */
const PUBLIC = 'https://whoknows.example';
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { SITE_URL: PUBLIC, TRUST_PROXY: '1' } });
});
afterAll(async () => {
  await server?.dispose();
});

/** What the proxy adds to every request it passes on: the browser's address, scheme and host. */
function viaProxy(browserIp: string, claimedByClient?: string): Record<string, string> {
  return {
    'x-forwarded-for': claimedByClient ? `${claimedByClient}, ${browserIp}` : browserIp,
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'whoknows.example',
  };
}

describe('behind a TLS-terminating proxy', () => {
  it('accepts form posts from the https site and signs in with a Secure __Host- cookie', async () => {
    const member = await createMember({}, server.database.db);
    const client = new HttpClient(server.url);
    const response = await client.postForm(
      '/signin?_action=accounts.signIn',
      { email: member.email, password: member.password },
      { origin: PUBLIC, headers: { ...viaProxy('203.0.113.20'), 'sec-fetch-site': 'same-origin' } },
    );
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-session='));
    expect(cookie).toMatch(/Secure/);
    // Signed-in form posts work too (sign out).
    const out = await client.postForm(
      '/signout?_action=accounts.signOut',
      {},
      { origin: PUBLIC, headers: viaProxy('203.0.113.20') },
    );
    expect(out.status).toBe(303);
  });

  it('still refuses a form post from a foreign origin, and the plain-http origin of the same host', async () => {
    const member = await createMember({}, server.database.db);
    for (const origin of ['https://evil.example', 'http://whoknows.example']) {
      const response = await new HttpClient(server.url).postForm(
        '/signin?_action=accounts.signIn',
        { email: member.email, password: member.password },
        { origin, headers: viaProxy('203.0.113.21') },
      );
      expect(response.status, origin).toBe(403);
    }
    const bySecFetch = await new HttpClient(server.url).postForm(
      '/signin?_action=accounts.signIn',
      { email: member.email, password: member.password },
      { origin: PUBLIC, headers: { ...viaProxy('203.0.113.21'), 'sec-fetch-site': 'cross-site' } },
    );
    expect(bySecFetch.status).toBe(403);
  });

  it('sends HSTS because the public site is https', async () => {
    const response = await new HttpClient(server.url).get('/', { headers: viaProxy('203.0.113.22') });
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('keys rate limits on the address the proxy saw, whatever the client writes into X-Forwarded-For', async () => {
    const browser = '203.0.113.23';
    const ask = (claimed: string) =>
      new HttpClient(server.url).postForm(
        '/reset?_action=accounts.requestReset',
        { email: 'someone@example.test' },
        { origin: PUBLIC, headers: viaProxy(browser, claimed) },
      );
    // Six reset requests an hour per address; each claims to come from somewhere new.
    for (let i = 0; i < 6; i++) expect((await ask(`192.0.2.${i}`)).status).toBe(303);
    expect((await ask('192.0.2.99')).status).toBe(429);
    // A different browser behind the same proxy is not affected.
    const other = await new HttpClient(server.url).postForm(
      '/reset?_action=accounts.requestReset',
      { email: 'someone@example.test' },
      { origin: PUBLIC, headers: viaProxy('203.0.113.24') },
    );
    expect(other.status).toBe(303);
  });
});
