import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, eq, inArray, like, or } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import people from '#app/demo/demo-members.json' with { type: 'json' };
import { DEMO_PASSWORD } from '#app/demo/demo-members.ts';
import {
  demoMembers,
  knownDevices,
  notifications,
  rateLimits,
  readingLists,
  rsvps,
  searchJobs,
  sessions,
  users,
} from '#db/schema/index.ts';
import { createEvent, createMember } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

/** Demo data never reaches a public site by accident, is announced while present, and can be removed (issue 8, item 1). */
const BANNER = /Demo community\./;
const WARNING = /demo members\. This database holds the demo community/;
const temps: { remove(): void }[] = [];
afterAll(() => {
  for (const t of temps) t.remove();
});

function dataDir(): string {
  const temp = makeTempDir('whoknows-demo-');
  temps.push(temp);
  return temp.path;
}

async function demoCount(server: TestServer): Promise<number> {
  return (await server.database.db.select({ n: count() }).from(demoMembers).get())!.n;
}

/** `npm run admin -- <args>` against a server's database. */
function admin(server: TestServer, ...args: string[]): Promise<{ code: number; output: string }> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/admin.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: server.database.url, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

// Each test starts two or three servers and seeds a whole demo community (a year of events,
// mentorships and feedback), which takes a while on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

describe('seeding the demo', () => {
  it('does not seed a public site (SITE_URL a public host, server on loopback behind a proxy)', async () => {
    const dir = dataDir();
    const server = await startServer({ dataDir: dir, env: { SITE_URL: 'https://whoknows.example', SEED_DEMO: '' } });
    try {
      expect(await demoCount(server)).toBe(0);
      expect((await server.database.db.select({ n: count() }).from(users).get())!.n).toBe(0);
      expect(server.output()).toMatch(/Not seeding the demo community: this site is not local/);
      expect(await (await fetch(server.url)).text()).not.toMatch(BANNER);
    } finally {
      await server.stop();
      server.database.close();
    }
    // Asked for explicitly, it still refuses, saying how to force it.
    const asked = await startServer({ dataDir: dir, env: { SITE_URL: 'https://whoknows.example', SEED_DEMO: '1' } });
    try {
      expect(await demoCount(asked)).toBe(0);
      expect(asked.output()).toMatch(/SEED_DEMO=1 refused: this site is not local.*SEED_DEMO=force/);
    } finally {
      await asked.stop();
      asked.database.close();
    }
  });

  it('does not seed a site that listens on every interface, even with a localhost SITE_URL', async () => {
    const server = await startServer({ dataDir: dataDir(), env: { HOST: '0.0.0.0', SEED_DEMO: '' } });
    try {
      expect(await demoCount(server)).toBe(0);
    } finally {
      await server.stop();
      server.database.close();
    }
  });

  it('seeds a public site when forced, and says so on every page', async () => {
    const server = await startServer({
      dataDir: dataDir(),
      env: { SITE_URL: 'https://demo.whoknows.example', SEED_DEMO: 'force' },
    });
    try {
      expect(await demoCount(server)).toBe(people.length);
      expect(server.output()).toMatch(WARNING);
      for (const path of ['/', '/people', '/signin', '/no/such/page']) {
        expect(await (await fetch(`${server.url}${path}`)).text(), path).toMatch(BANNER);
      }
    } finally {
      await server.stop();
      server.database.close();
    }
  });
});

describe('a local site with the demo, and removing it', () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.dispose();
  });

  it('seeds a local site by default, shows the banner, warns at every start, and removes every trace with the admin CLI', async () => {
    const dir = dataDir();
    server = await startServer({ dataDir: dir, env: { SEED_DEMO: '' } });
    expect(await demoCount(server)).toBe(people.length);
    expect(server.output()).toMatch(WARNING);
    expect(await (await fetch(`${server.url}/people`)).text()).toMatch(BANNER);

    // A real member's event with one seat: a demo member takes it, a real member waits.
    const db = server.database.db;
    const organizer = await createMember({}, db);
    const waiting = await createMember({}, db);
    const event = await createEvent({ organizer, capacity: 1 }, db);
    const demo = people[0]!;
    const demoClient = new HttpClient(server.url);
    const signIn = await demoClient.postForm('/signin?_action=accounts.signIn', {
      email: demo.email,
      password: DEMO_PASSWORD,
    });
    expect(signIn.status).toBe(303);
    await demoClient.postForm(`/events/${event.slug}?_action=events.rsvp`, { eventId: event.id });
    const realClient = new HttpClient(server.url);
    await realClient.postForm('/signin?_action=accounts.signIn', { email: waiting.email, password: waiting.password });
    await realClient.postForm(`/events/${event.slug}?_action=events.rsvp`, { eventId: event.id });
    const statusOf = async (email: string) =>
      (
        await db
          .select({ status: rsvps.status })
          .from(rsvps)
          .innerJoin(users, eq(users.id, rsvps.userId))
          .where(eq(users.email, email))
          .get()
      )?.status;
    expect(await statusOf(waiting.email)).toBe('waitlisted');

    const demoIds = (await db.select({ id: demoMembers.userId }).from(demoMembers)).map((r) => r.id);
    const removed = await admin(server, 'remove-demo');
    expect(removed.code, removed.output).toBe(0);
    expect(removed.output).toMatch(new RegExp(`Removed ${people.length} demo members`));

    // No trace in the database.
    expect(await demoCount(server)).toBe(0);
    const emails = people.map((p) => p.email);
    expect(await db.select().from(users).where(inArray(users.email, emails))).toEqual([]);
    expect(await db.select().from(sessions).where(inArray(sessions.userId, demoIds))).toEqual([]);
    expect(await db.select().from(knownDevices).where(inArray(knownDevices.userId, demoIds))).toEqual([]);
    expect(await db.select().from(readingLists).where(inArray(readingLists.ownerId, demoIds))).toEqual([]);
    expect(await db.select().from(notifications).where(inArray(notifications.actorId, demoIds))).toEqual([]);
    expect(
      await db
        .select()
        .from(rateLimits)
        .where(or(...emails.map((e) => like(rateLimits.key, `%${e}%`)))),
    ).toEqual([]);
    // The freed seat went to the real member on the waitlist, who was told.
    expect(await statusOf(waiting.email)).toBe('going');
    const told = await db.select().from(notifications).where(eq(notifications.userId, waiting.id));
    expect(told.map((n) => n.kind)).toContain('event.promoted');

    // Their search documents leave through the outbox, which the running server applies.
    const queued = await db.select().from(searchJobs).where(inArray(searchJobs.entityId, demoIds));
    expect(queued.length === 0 || queued.every((j) => j.op === 'delete')).toBe(true);
    await outboxApplied(server);
    const found = (await (
      await fetch(`${server.url}/api/search/people?q=${encodeURIComponent(demo.displayName)}`)
    ).json()) as {
      total: number;
    };
    expect(found.total).toBe(0);
    expect((await fetch(`${server.url}/people/${demo.handle}`)).status).toBe(404);

    // The next start neither warns nor shows the banner, and the real members are still there.
    await server.stop();
    server.database.close();
    server = await startServer({ dataDir: dir, env: { SEED_DEMO: '' } });
    expect(server.output()).not.toMatch(WARNING);
    expect(server.output()).not.toMatch(/seeded the demo community/);
    expect(await (await fetch(`${server.url}/people`)).text()).not.toMatch(BANNER);
    expect(await server.database.db.select().from(users).where(eq(users.id, organizer.id)).get()).toBeDefined();
  });

  it('the admin CLI lists its commands and refuses unknown ones', async () => {
    const help = await admin(server, 'help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/remove-demo/);
    const unknown = await admin(server, 'make-me-admin');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown command "make-me-admin"/);
    const again = await admin(server, 'remove-demo');
    expect(again.output).toMatch(/No demo members/);
  });
});
