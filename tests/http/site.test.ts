import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { signUpAndConfirm } from '#tests/helpers/sign-up.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ seedDemo: true });
});
afterAll(async () => {
  await server?.dispose();
});

describe('site shell', () => {
  it('reports database and outbox health as JSON', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', database: { ok: true, kind: 'file' }, outbox: { deadLetters: 0 } });
  });

  it('serves an accessible home page built from the demo community, with no JavaScript', async () => {
    const html = await (await fetch(server.url)).text();
    expect(html).toContain('<a class="skip-link" href="#main"');
    expect(html).toMatch(/<header[^>]*>/);
    expect(html).toMatch(/<nav aria-label="Main"/);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toMatch(/<footer/);
    expect(html).toContain('Recently joined');
    expect(html).toMatch(/href="\/topics\/kubernetes"/);
    expect(html).not.toContain('<script'); // not even inline: the header's menu is a popover
  });

  it('sends security headers', async () => {
    const response = await fetch(server.url);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('renders the guides from content/', async () => {
    const index = await (await fetch(`${server.url}/guides`)).text();
    expect(index).toContain('How to be a good mentor');
    const guide = await fetch(`${server.url}/guides/reverse-mentoring`);
    expect(guide.status).toBe(200);
    expect((await fetch(`${server.url}/guides/no-such-guide`)).status).toBe(404);
  });

  it('answers unknown addresses with the 404 page', async () => {
    const response = await fetch(`${server.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('We could not find that page');
  });

  it('answers another member’s notification with 404', async () => {
    const client = new HttpClient(server.url);
    await signUpAndConfirm(server, client, {
      displayName: 'Nosy',
      handle: 'nosy-parker',
      email: 'nosy@example.test',
      password: 'violet lantern drift',
    });
    await server.database.client.execute({
      sql: `insert into notifications (user_id, kind, title, body, url, created_at)
        select id, 'test', 'Private', '', '/requests', 0 from users where handle != 'nosy-parker' limit 1`,
      args: [],
    });
    const row = await server.database.client.execute('select max(id) as id from notifications');
    const response = await client.get(`/inbox/${row.rows[0]!.id}`);
    expect(response.status).toBe(404);
  });

  it('shows the 500 page without a stack trace when something breaks', async () => {
    await server.database.db.run(sql`alter table profiles rename to profiles_gone`);
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(500);
      const html = await response.text();
      expect(html).toContain('Something went wrong on our side');
      expect(html).not.toMatch(/at \w+ \(|\.ts:\d+|\.mjs:\d+|SQLITE|no such table/i);
    } finally {
      await server.database.db.run(sql`alter table profiles_gone rename to profiles`);
    }
  });
});
