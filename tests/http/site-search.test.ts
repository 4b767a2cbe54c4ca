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

const page = async (q: string, client = new HttpClient(server.url)) => {
  const response = await client.get(`/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return response.text();
};
const count = (html: string, section: string) =>
  Number(new RegExp(`id="${section}-title"[^>]*>[^<]*<span class="count"[^>]*>(\\d+)`).exec(html)?.[1]);

describe('/search: one box over people, events and lists', () => {
  it('finds people with a misspelled skill and offers the topic hub', async () => {
    const html = await page('kubernets');
    expect(count(html, 'people')).toBeGreaterThan(0);
    expect(html).toMatch(/<mark>Kubernetes<\/mark>/);
    expect(html).toContain('href="/topics/kubernetes"');
  });

  it('understands aliases', async () => {
    const html = await page('k8s');
    expect(count(html, 'people')).toBeGreaterThan(0);
    expect(html).toContain('href="/topics/kubernetes"');
  });

  it('finds events and reading lists by topic words', async () => {
    const rows = await server.database.client.execute(
      "select title from events where status = 'published' order by starts_at desc limit 1",
    );
    const title = String(rows.rows[0]!.title);
    const firstWord = title.split(/\s+/).find((w) => w.length >= 5) ?? title;
    const html = await page(firstWord);
    expect(count(html, 'events')).toBeGreaterThan(0);
    const list = await server.database.client.execute('select title from reading_lists limit 1');
    const listWord = String(list.rows[0]!.title)
      .split(/\s+/)
      .find((w) => w.length >= 5)!;
    expect(count(await page(listWord), 'lists')).toBeGreaterThan(0);
  });

  it('never shows members-only profiles to visitors, but does to members', async () => {
    const hidden = await server.database.client.execute(
      "select u.display_name as name, u.handle from users u join profiles p on p.user_id = u.id where p.visibility = 'members' limit 1",
    );
    const { name, handle } = hidden.rows[0] as unknown as { name: string; handle: string };
    expect(await page(name)).not.toContain(`href="/people/${handle}"`);
    const member = new HttpClient(server.url);
    const signIn = await member.postForm('/signin?_action=accounts.signIn', {
      email: 'amara.okafor@example.org',
      password: 'demo-community-2026',
    });
    expect(signIn.status).toBe(303);
    expect(await page(name, member)).toContain(`href="/people/${handle}"`);
  });

  it('cuts over-long queries with a notice and handles an empty query', async () => {
    expect(await page(`rust ${'x'.repeat(300)}`)).toContain('cut to its first 200 characters');
    expect(await page('')).toContain('typos and abbreviations');
  });

  it('suggests an open question when nothing matches', async () => {
    const html = await page('zzqxv');
    expect(html).toContain('Nothing matched');
    expect(html).toMatch(/href="\/requests\/new[^"]*"/);
  });
});
