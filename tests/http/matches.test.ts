import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ seedDemo: true });
});
afterAll(async () => {
  await server?.dispose();
});

describe('/matches', () => {
  it('sends visitors to sign in first', async () => {
    const response = await new HttpClient(server.url).get('/matches');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin?next=%2Fmatches');
  });

  it('suggests demo members who teach what the member wants to learn, with reasons and an ask link', async () => {
    const client = new HttpClient(server.url);
    await client.postForm('/signin?_action=accounts.signIn', {
      email: 'amara.okafor@example.org',
      password: 'demo-community-2026',
    });
    const response = await client.get('/matches');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Can teach what you want to learn');
    expect(html).toMatch(/href="\/requests\/new\?to=[a-z0-9-]+&amp;topic=[a-z0-9-]+"/);
    const list = /<ol[^>]*matches[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(list).toMatch(/href="\/people\/[a-z0-9-]+"/);
    expect(list).not.toContain('href="/people/amara-okafor"'); // never herself
  });
});
