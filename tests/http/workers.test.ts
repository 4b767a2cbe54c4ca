import { readFileSync } from 'node:fs';
import { Agent, type Agent as HttpAgent, type IncomingHttpHeaders, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRole } from '#server/process-role.ts';
import { createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { startNodeArgs } from '#tests/helpers/start-options.ts';

// Two server processes on one port (WORKERS=2: a leader and a follower). Each test talks
// to a chosen process by keeping one connection open to it (the primary hands each new
// connection to the process with the fewest open, and /healthz names the role that answered). The page
// cache lives for five minutes here, so only invalidation across processes can make a
// cached page show a change in time.

let server: TestServer;
let writer: Member;
beforeAll(async () => {
  // With npm start's V8 options, which every server process must inherit.
  server = await startServer({ env: { WORKERS: '2', PAGE_CACHE_SECONDS: '300' }, nodeArgs: startNodeArgs() });
  writer = await createMember({ displayName: 'Zephyrine Quillfeather' }, server.database.db);
  await queuePeopleIndexing([writer.id], server.database.db);
  await outboxApplied(server);
});
afterAll(async () => {
  await server?.dispose();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One keep-alive connection to one server process, with the cookies it was given. */
class Connection {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly agent: HttpAgent,
    readonly role: ProcessRole,
  ) {}

  send(method: string, path: string, form?: Record<string, string>): Promise<Answer> {
    return send(this.agent, method, path, form, this.cookies);
  }
}

function send(
  agent: HttpAgent,
  method: string,
  path: string,
  form?: Record<string, string>,
  cookies?: Map<string, string>,
): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const headers: Record<string, string> = { 'x-forwarded-for': '198.51.100.7' };
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = server.url;
  }
  if (cookies?.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const pair = line.split(';')[0]!;
          const eq = pair.indexOf('=');
          cookies?.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const opened: HttpAgent[] = [];
afterAll(() => {
  for (const agent of opened) agent.destroy();
});

/** Opens connections until one reaches a process of `role` (equally busy processes take turns). */
async function connectTo(role: ProcessRole): Promise<Connection> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    opened.push(agent);
    const health = JSON.parse((await send(agent, 'GET', '/healthz')).text) as { process: ProcessRole };
    if (health.process === role) return new Connection(agent, role);
    agent.destroy();
  }
  throw new Error(`no connection reached a ${role} process`);
}

/** Opens `count` kept-alive connections at once; says which process answered on each. */
async function burst(count: number): Promise<Connection[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      opened.push(agent);
      const health = JSON.parse((await send(agent, 'GET', '/healthz')).text) as { process: ProcessRole };
      return new Connection(agent, health.process);
    }),
  );
}

const countOf = (connections: Connection[], role: ProcessRole) => connections.filter((c) => c.role === role).length;

/** Asks again (each answer a fresh search) until `found` holds; fails after 15 s. */
async function eventually(ask: () => Promise<Answer>, found: (answer: Answer) => boolean): Promise<Answer> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await ask();
    if (found(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`still not seen after 15 s:\n${answer.text.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signIn(connection: Connection): Promise<void> {
  const answer = await connection.send('POST', '/signin?_action=accounts.signIn', {
    email: writer.email,
    password: writer.password,
  });
  expect(answer.status).toBe(303);
}

const hasWriter = (answer: Answer) => answer.text.includes(writer.handle);

describe('several server processes', () => {
  it('the primary is the small cluster-primary.mjs, in the process that was started (no application code)', () => {
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    // The copy the build puts beside the bundled server entry.
    expect(argv.some((arg) => arg.endsWith('/dist/server/http/cluster-primary.mjs'))).toBe(true);
    expect(argv.some((arg) => /node-server\.(ts|mjs)$/.test(arg))).toBe(false);
    // Nothing the primary maps comes from the built site or the database driver.
    const maps = readFileSync(`/proc/${server.pid}/maps`, 'utf8');
    expect(maps).not.toMatch(/libsql|sharp|argon2/);
  });

  it("the server processes run the bundled plain-JavaScript entry, with npm start's V8 options and two malloc arenas", () => {
    const children = readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/);
    expect(children).toHaveLength(2);
    for (const pid of children) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(argv.some((arg) => arg.endsWith('/dist/server/http/node-server.mjs'))).toBe(true);
      expect(argv.some((arg) => arg.endsWith('.ts'))).toBe(false);
      expect(argv).toEqual(expect.arrayContaining(startNodeArgs()));
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('MALLOC_ARENA_MAX=2');
    }
  });

  it('connections opened at once are shared evenly, and new ones go to the process with the fewest', async () => {
    // Before this, only the test helpers' own requests have connections open (one or two).
    const first = await burst(20);
    expect(countOf(first, 'leader')).toBeGreaterThanOrEqual(8);
    expect(countOf(first, 'follower')).toBeGreaterThanOrEqual(8);

    const leaders = first.filter((c) => c.role === 'leader');
    for (const connection of leaders) connection.agent.destroy();
    // Each process tells the primary when a connection closes; give that a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const refill = await burst(leaders.length);
    expect(countOf(refill, 'leader')).toBeGreaterThanOrEqual(leaders.length - 2);
    for (const connection of [...first, ...refill]) connection.agent.destroy();
  });

  it('both serve on the shared port', async () => {
    const leader = await connectTo('leader');
    const follower = await connectTo('follower');
    expect(leader.role).toBe('leader');
    expect(follower.role).toBe('follower');
  });

  it('a skill added through the follower is found by a search in the leader', async () => {
    const follower = await connectTo('follower');
    const leader = await connectTo('leader');
    const before = await leader.send('GET', '/api/search/people?q=elixir');
    expect(before.status).toBe(200);
    expect(hasWriter(before)).toBe(false);

    await signIn(follower);
    const added = await follower.send('POST', '/settings/skills?_action=profiles.addSkill', {
      skill: 'Elixir',
      level: '5',
      canTeach: 'on',
      years: '',
      note: '',
    });
    expect(added.status).toBe(303);
    await eventually(() => leader.send('GET', '/api/search/people?q=elixir'), hasWriter);
  });

  it('a skill added through the leader is found by a search in the follower, whose cached page is dropped', async () => {
    const leader = await connectTo('leader');
    const follower = await connectTo('follower');
    const cached = await follower.send('GET', '/people?q=haskell');
    expect(hasWriter(cached)).toBe(false);
    // The previous test's change may still reach this process's change follower and empty
    // its cache once more (it polls the log): ask until the page is served from the cache.
    const again = await eventually(
      () => follower.send('GET', '/people?q=haskell'),
      (answer) => answer.headers['x-page-cache'] === 'hit',
    );
    expect(hasWriter(again)).toBe(false);

    await signIn(leader);
    const added = await leader.send('POST', '/settings/skills?_action=profiles.addSkill', {
      skill: 'Haskell',
      level: '4',
      canTeach: 'on',
      years: '',
      note: '',
    });
    expect(added.status).toBe(303);
    await eventually(() => follower.send('GET', '/api/search/people?q=haskell'), hasWriter);
    // The anonymous page the follower cached for five minutes shows the change too.
    await eventually(() => follower.send('GET', '/people?q=haskell'), hasWriter);
  });
});
