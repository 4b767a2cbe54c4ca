import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits, sessions, users } from '#db/schema/index.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { signUpAndConfirm } from '#tests/helpers/sign-up.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

let n = 0;
function newcomerFields(password = 'violet lantern drift') {
  const handle = `user-${++n}`;
  return { displayName: `User ${n}`, handle, email: `${handle}@example.test`, password };
}

/** Joins through the form and the emailed link; `response` is the link's answer, which signs in. */
async function signUp(client: HttpClient, on: TestServer = server) {
  const fields = newcomerFields();
  const response = await signUpAndConfirm(on, client, fields, '/');
  return { response, ...fields };
}

/** Only the sign-up form post, as a browser sends it. */
async function postSignUp(client: HttpClient, password?: string) {
  const fields = newcomerFields(password);
  const response = await client.postForm('/signup?_action=accounts.signUp&next=%2F', fields);
  return { response, ...fields };
}

async function signedInAs(client: HttpClient): Promise<string | null> {
  const html = await (await client.get('/')).text();
  return /Account menu for <\/span>\s*<span[^>]*>([^<]+)/.exec(html)?.[1]?.trim() ?? null;
}

describe('sign-up and the session cookie', () => {
  it('signs up, sets an HttpOnly SameSite=Lax cookie (not Secure over http) and shows the member', async () => {
    const client = new HttpClient(server.url);
    const { response } = await signUp(client);
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(await signedInAs(client)).toBe(`User ${n}`);
  });

  it('refuses a common password with a message beside the field and creates nothing', async () => {
    const client = new HttpClient(server.url);
    const { response, handle } = await postSignUp(client, 'password123');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="field-password-error"[^>]*>.*most commonly used/s);
    expect(html).toContain(`value="${handle}"`); // the form is refilled
    expect(await server.database.db.select().from(users).where(eq(users.handle, handle)).get()).toBeUndefined();
  });

  it('treats a tampered cookie as signed out and clears it', async () => {
    const client = new HttpClient(server.url);
    await signUp(client);
    const token = client.cookies.get('session')!;
    client.cookies.set('session', `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`);
    const response = await client.get('/');
    expect(await response.text()).not.toContain('Account menu');
    expect(response.headers.getSetCookie().join()).toMatch(/session=;.*Max-Age=0/);
  });

  it('ends an expired (idle) session: allowed before, refused after', async () => {
    const client = new HttpClient(server.url);
    const { handle } = await signUp(client);
    expect(await signedInAs(client)).not.toBeNull();
    const user = await server.database.db.select().from(users).where(eq(users.handle, handle)).get();
    const longAgo = new Date(Date.now() - 15 * 24 * 60 * 60 * 1000);
    await server.database.db.update(sessions).set({ lastVerifiedAt: longAgo }).where(eq(sessions.userId, user!.id));
    expect(await signedInAs(client)).toBeNull();
  });

  it('uses a Secure __Host- cookie when the site is served over https', async () => {
    const secure = await startServer({ env: { SITE_URL: 'https://whoknows.example' } });
    try {
      const client = new HttpClient(secure.url);
      const { response } = await signUp(client, secure);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-session='));
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await secure.dispose();
    }
  });
});

describe('sign-in, sign-out and protected pages', () => {
  it('sends visitors of a members-only page to sign in and back again', async () => {
    const client = new HttpClient(server.url);
    const { email, password } = await signUp(new HttpClient(server.url));
    const page = await client.get('/settings/account');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fsettings%2Faccount');
    const signIn = await client.postForm('/signin?_action=accounts.signIn&next=%2Fsettings%2Faccount', {
      email,
      password,
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/settings/account');
    expect((await client.get('/settings/account')).status).toBe(200);
  });

  it('signs out with a POST and the old cookie stops working', async () => {
    const client = new HttpClient(server.url);
    await signUp(client);
    const token = client.cookies.get('session')!;
    const out = await client.postForm('/signout?_action=accounts.signOut', {});
    expect(out.status).toBe(303);
    const replay = new HttpClient(server.url);
    replay.cookies.set('session', token);
    expect(await signedInAs(replay)).toBeNull();
  });
});

describe('cross-site writes', () => {
  it('refuses a form post from another origin and accepts the same post from this one', async () => {
    const client = new HttpClient(server.url);
    await signUp(client);
    const cross = await client.postForm('/signout?_action=accounts.signOut', {}, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await signedInAs(client)).not.toBeNull();
    const same = await client.postForm('/signout?_action=accounts.signOut', {});
    expect(same.status).toBe(303);
  });

  it('refuses JSON writes marked cross-site by Origin or Sec-Fetch-Site, allows same-origin ones', async () => {
    const client = new HttpClient(server.url);
    await signUp(client);
    const byOrigin = await client.postJson('/_actions/notifications.markRead', {}, { origin: 'https://evil.example' });
    expect(byOrigin.status).toBe(403);
    const byFetchSite = await client.postJson(
      '/_actions/notifications.markRead',
      {},
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(byFetchSite.status).toBe(403);
    // Same-origin passes the check and reaches the action (which only takes forms, hence 415).
    const same = await client.postJson(
      '/_actions/notifications.markRead',
      {},
      { headers: { 'sec-fetch-site': 'same-origin' } },
    );
    expect(same.status).toBe(415);
  });
});

describe('rate limits', () => {
  it('limits sign-ups per IP address with a friendly 429 page', async () => {
    const ip = '203.0.113.9';
    // Mistakes (a common password) do not count; only attempts that could create an account do.
    for (let i = 0; i < 8; i++)
      expect((await postSignUp(new HttpClient(server.url, { ip }), 'password123')).response.status).toBe(400);
    for (let i = 0; i < 6; i++)
      expect((await postSignUp(new HttpClient(server.url, { ip }))).response.status).toBe(303);
    const { response } = await postSignUp(new HttpClient(server.url, { ip }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.text()).toContain('Too many new accounts from your network');
    expect((await postSignUp(new HttpClient(server.url, { ip: '203.0.113.10' }))).response.status).toBe(303);
  });

  it('answers 429 with Retry-After after too many failed sign-ins, and recovers after the window', async () => {
    const client = new HttpClient(server.url);
    const { email, password } = await signUp(new HttpClient(server.url));
    for (let i = 0; i < 8; i++) {
      const r = await client.postForm('/signin?_action=accounts.signIn', { email, password: 'not the password' });
      expect(r.status).toBe(401);
    }
    const limited = await client.postForm('/signin?_action=accounts.signIn', { email, password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Too many failed sign-in attempts.*try again in \d+ minutes/s);

    // The window ends (moved into the past rather than waited for).
    await server.database.db
      .update(rateLimits)
      .set({ resetAt: new Date(Date.now() - 1000) })
      .where(eq(rateLimits.key, `signin-account-ip:${email}|${client.ip}`));
    const recovered = await client.postForm('/signin?_action=accounts.signIn', { email, password });
    expect(recovered.status).toBe(303);
  });
});

describe('password reset over HTTP', () => {
  it('logs the reset link (no SMTP), which works once', async () => {
    const { email } = await signUp(new HttpClient(server.url));
    const client = new HttpClient(server.url);
    const asked = await client.postForm('/reset?_action=accounts.requestReset', { email });
    expect(asked.status).toBe(303);
    const [, token] = await server.waitForOutput(new RegExp(`To: ${email}[\\s\\S]*?/reset/([a-z2-9]+\\.[a-z2-9]+)`));
    expect((await client.get(`/reset/${token}`)).status).toBe(200);
    const done = await client.postForm(`/reset/${token}?_action=accounts.resetPassword`, {
      token: token!,
      password: 'copper kettle song',
    });
    expect(done.status).toBe(303);
    expect((await client.get(`/reset/${token}`)).status).toBe(410);
  });
});
