import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/** Brute force is bounded without letting a stranger lock the owner out (issue 8, items 4, 5 and 9). */
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const signIn = (client: HttpClient, email: string, password: string) =>
  client.postForm('/signin?_action=accounts.signIn', { email, password });

describe('sign-in limits', () => {
  it('checks at most 8 passwords of 100 sent at once from one address', async () => {
    const member = await createMember({}, server.database.db);
    const ip = '203.0.113.40';
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => signIn(new HttpClient(server.url, { ip }), member.email, 'a wrong guess')),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(92);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('a stranger’s wrong passwords stop neither the owner elsewhere nor the owner’s own browser on the same network', async () => {
    const member = await createMember({}, server.database.db);
    const sharedNetwork = '203.0.113.41';
    // The owner signed in from this browser before (it keeps a "known device" cookie).
    const ownerBrowser = new HttpClient(server.url, { ip: '198.51.100.41' });
    expect((await signIn(ownerBrowser, member.email, member.password)).status).toBe(303);
    expect([...ownerBrowser.cookies.keys()]).toContain('device');
    await ownerBrowser.postForm('/signout?_action=accounts.signOut', {});

    // A stranger on the owner's network guesses until refused.
    const stranger = new HttpClient(server.url, { ip: sharedNetwork });
    for (let i = 0; i < 8; i++) expect((await signIn(stranger, member.email, `guess ${i}`)).status).toBe(401);
    expect((await signIn(stranger, member.email, member.password)).status).toBe(429);

    // The owner, from another address in a fresh browser: fine.
    expect(
      (await signIn(new HttpClient(server.url, { ip: '198.51.100.42' }), member.email, member.password)).status,
    ).toBe(303);
    // The owner's known browser, now on the stranger's network: fine too.
    const sameNetwork = new HttpClient(server.url, { ip: sharedNetwork });
    sameNetwork.cookies.set('device', ownerBrowser.cookies.get('device')!);
    expect((await signIn(sameNetwork, member.email, member.password)).status).toBe(303);
  });
});

describe('sign-up does not tell who is a member (item 9)', () => {
  it('answers a taken address exactly as a new one and mails the owner instead', async () => {
    const member = await createMember({}, server.database.db);
    const answer = async (email: string, handle: string) => {
      const response = await new HttpClient(server.url).postForm('/signup?_action=accounts.signUp', {
        displayName: 'Someone',
        handle,
        email,
        password: 'violet lantern drift',
      });
      return {
        status: response.status,
        location: response.headers.get('location'),
        cookies: response.headers.getSetCookie(),
      };
    };
    const fresh = await answer('brand-new@example.test', 'brand-new');
    const taken = await answer(member.email, 'not-a-new-person');
    expect(taken).toEqual(fresh);
    expect(fresh).toEqual({ status: 303, location: '/signup?sent=1', cookies: [] });
    const page = await (await new HttpClient(server.url).get('/signup?sent=1')).text();
    expect(page).toContain('Check your email');
    expect(page).not.toMatch(/already exists/);
    await server.waitForOutput(
      new RegExp(`To: ${member.email} \\| Subject: Someone tried to join whoknows with your email`),
    );
  });
});
