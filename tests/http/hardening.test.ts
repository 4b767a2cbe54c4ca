import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '#db/schema/index.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { parseIcal } from '#tests/helpers/ical.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/** Security review findings that need nothing but a default server (issue 8). */
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const db = () => server.database.db;

async function signedIn(who: Member): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  const response = await client.postForm('/signin?_action=accounts.signIn', {
    email: who.email,
    password: who.password,
  });
  expect(response.status).toBe(303);
  return client;
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

/** Posts `bytes` of form data with node:http (fetch cannot stream a body this size without buffering it). */
function postLarge(path: string, bytes: number, chunked: boolean): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: server.url,
          ...(chunked ? {} : { 'content-length': String(bytes) }),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('request bodies are limited (item 2)', () => {
  it('answers 50 MB posts to /signin with 413, declared or chunked, and the server does not keep them', async () => {
    // Warm up first, so that loading code on the first refusal is not counted as growth.
    expect((await postLarge('/signin', 2 * 1024 * 1024, false)).status).toBe(413);
    const before = rssKb(server.pid);
    for (const chunked of [false, true, false, true]) {
      const answer = await postLarge('/signin?_action=accounts.signIn', 50 * 1024 * 1024, chunked);
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/too large/);
    }
    // 200 MB were sent. What the server read past the limit it dropped at once (so the
    // client could read the answer); until the garbage collector runs that can show as
    // some MB (14–19 alone, up to 30 with the whole suite running beside it), never as
    // the bodies themselves: buffering even one would cost 50 MB+.
    expect(rssKb(server.pid) - before).toBeLessThan(40 * 1024);
    // The server is still fine.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses over-limit bodies on actions, endpoints and plain pages alike, and lets a body under the limit through', async () => {
    for (const path of ['/_actions/accounts.signIn', '/signup', '/settings/profile', '/api/search/people']) {
      expect((await postLarge(path, 2 * 1024 * 1024, true)).status, path).toBe(413);
    }
    const client = new HttpClient(server.url);
    const nearly = await client.postForm('/signin?_action=accounts.signIn', {
      email: 'nobody@example.test',
      password: 'x'.repeat(900 * 1024),
    });
    expect(nearly.status).toBe(400); // read and validated (the password is too long), not refused unread
  });
});

describe('return paths after sign-in stay on the site (item 3)', () => {
  it('sends every off-site or malformed next to a safe default, never a 500', async () => {
    const member = await createMember({}, db());
    const nexts = [
      '/%09/evil.example',
      '/%5Cevil.example',
      '//evil.example',
      '/%0d%0aSet-Cookie:%20x=1',
      '/x%E3%80%82y',
      '//evil%E3%80%82example',
      'https://evil.example/',
    ];
    for (const next of nexts) {
      const client = new HttpClient(server.url);
      const response = await client.postForm(`/signin?_action=accounts.signIn&next=${next}`, {
        email: member.email,
        password: member.password,
      });
      expect(response.status, next).toBe(303);
      const location = response.headers.get('location')!;
      expect(new URL(location, server.url).origin, `${next} → ${location}`).toBe(server.url);
      expect(location.startsWith('//')).toBe(false);
      // Signed in already: the sign-in page sends straight on, just as safely.
      const again = await client.get(`/signin?next=${next}`);
      expect(again.status).toBe(303);
      expect(new URL(again.headers.get('location')!, server.url).origin).toBe(server.url);
      // Sign-up's page takes next too.
      expect((await new HttpClient(server.url).get(`/signup?next=${next}`)).status).toBe(200);
    }
  });

  it('still returns to a same-site page', async () => {
    const member = await createMember({}, db());
    const response = await new HttpClient(server.url).postForm(
      '/signin?_action=accounts.signIn&next=%2Fpeople%3Fq%3Drust',
      {
        email: member.email,
        password: member.password,
      },
    );
    expect(response.headers.get('location')).toBe('/people?q=rust');
  });
});

describe('calendar files carry no injected events (item 8)', () => {
  it('drops a bare CR in an event title and venue', async () => {
    const organizer = await createMember({}, db());
    const event = await createEvent(
      {
        organizer,
        title: 'Meetup\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Injected',
        format: 'in_person',
        venue: 'Hall\rLOCATION:Elsewhere',
        onlineUrl: null,
      },
      db(),
    );
    const response = await new HttpClient(server.url).get(`/events/${event.slug}.ics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const calendar = parseIcal(text); // strict: refuses a bare CR or LF
    expect(calendar.events).toHaveLength(1);
    expect(calendar.events[0]!.filter((p) => p.name === 'LOCATION')).toHaveLength(1);
  });
});

describe('malformed JSON (item 12)', () => {
  it('answers 400, not 500, on action endpoints and page actions', async () => {
    const member = await createMember({}, db());
    const client = await signedIn(member);
    for (const path of [
      '/_actions/accounts.signIn',
      '/_actions/notifications.markRead',
      '/signin?_action=accounts.signIn',
    ]) {
      const response = await client.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": ',
      });
      expect(response.status, path).toBe(400);
    }
    expect(server.output()).not.toMatch(/SyntaxError/);
  });
});

describe('Content-Security-Policy (item 13)', () => {
  it('allows no inline script but the ones Astro emitted, by hash, also on a cached page', async () => {
    const first = await fetch(`${server.url}/people?q=rust`);
    const html = await first.text();
    const csp = first.headers.get('content-security-policy')!;
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0); // the island loader
    for (const script of inline) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script)));
      expect(scriptSrc).toContain(`'sha256-${Buffer.from(digest).toString('base64')}'`);
    }
    const cached = await fetch(`${server.url}/people?q=rust`);
    expect(cached.headers.get('x-page-cache')).toBe('hit');
    expect(cached.headers.get('content-security-policy')).toBe(csp);
    expect(await cached.text()).toBe(html);
  });

  it("is the same on every render of a member's profile, and lists the hash of each inline script and style", async () => {
    // Astro's hashes are computed once per process and remembered (src/server/http/csp-digests.ts).
    const [viewer, first, second] = await Promise.all([
      createMember({}, db()),
      createMember({}, db()),
      createMember({}, db()),
    ]);
    const client = await signedIn(viewer);
    const headers: string[] = [];
    for (const handle of [first.handle, second.handle, first.handle]) {
      const response = await client.get(`/people/${handle}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      headers.push(csp);
      const html = await response.text();
      const inline = [
        ...[...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => ['script-src', m[1]!]),
        ...[...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => ['style-src', m[1]!]),
      ];
      for (const [directive, content] of inline) {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content)));
        const source = csp.split(';').find((d) => d.trim().startsWith(directive!))!;
        expect(source).toContain(`'sha256-${Buffer.from(digest).toString('base64')}'`);
      }
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toMatch(/script-src 'self' 'sha256-/);
    }
    expect(new Set(headers).size).toBe(1);
  });

  it('is computed through the digest cache in the built server', () => {
    const chunks = readdirSync(new URL('../../dist/server/chunks/', import.meta.url));
    const withStep = chunks.filter((name) =>
      readFileSync(new URL(`../../dist/server/chunks/${name}`, import.meta.url), 'utf8').includes(
        'generateCspDigestUncached',
      ),
    );
    expect(withStep).toHaveLength(1);
  });

  it('is strict on responses that are not pages', async () => {
    const csp = (await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('sends no HSTS on a plain-http site', async () => {
    expect((await fetch(server.url)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('opening a notification (item 17)', () => {
  it('does not mark it read on GET; the inbox button (a POST) does, and goes where it points', async () => {
    const member = await createMember({}, db());
    const [row] = await db()
      .insert(notifications)
      .values({ userId: member.id, kind: 'test', title: 'A notice', body: '', url: '/requests', createdAt: new Date() })
      .returning();
    const client = await signedIn(member);
    const unread = () =>
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, row!.id), isNull(notifications.readAt)))
        .get();

    const viaGet = await client.get(`/inbox/${row!.id}`);
    expect(viaGet.status).toBe(303);
    expect(viaGet.headers.get('location')).toBe('/requests');
    expect(await unread()).toBeDefined();

    const inbox = await (await client.get('/inbox')).text();
    expect(inbox).toMatch(new RegExp(`<form method="post" action="/inbox/${row!.id}"`));
    const viaPost = await client.request(`/inbox/${row!.id}`, { method: 'POST' });
    expect(viaPost.status).toBe(303);
    expect(viaPost.headers.get('location')).toBe('/requests');
    expect(await unread()).toBeUndefined();
  });

  it('answers 404 for another member’s notice on POST too, and refuses a cross-site POST', async () => {
    const owner = await createMember({}, db());
    const [row] = await db()
      .insert(notifications)
      .values({ userId: owner.id, kind: 'test', title: 'Private', body: '', url: '/requests', createdAt: new Date() })
      .returning();
    const other = await signedIn(await createMember({}, db()));
    expect((await other.request(`/inbox/${row!.id}`, { method: 'POST' })).status).toBe(404);
    const ownerClient = await signedIn(owner);
    const cross = await ownerClient.request(`/inbox/${row!.id}`, { method: 'POST', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
  });
});
