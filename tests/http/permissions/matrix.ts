import { readdirSync, readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { users } from '#db/schema/index.ts';
import { createMember, type Member, type MemberSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * The permission matrix's shared part: six actors signed in to one built server, and
 * table rows that state, per actor, what an action or a page answers. Each row runs its
 * six calls in parallel and must hold at least one allowed and one refused case.
 *
 * Actions are called through Astro's RPC address (`POST /_actions/<name>`, a form body),
 * which answers the service's refusal as a status: 401 for visitors, 403 for a missing
 * right or a suspended member (the middleware's rule), 404 for someone else's private
 * thing. Pages are fetched as a browser would (sign-in redirect for visitors, the
 * suspension notice for a suspended member).
 */

export const ACTORS = ['visitor', 'member', 'owner', 'moderator', 'admin', 'suspended'] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedIn = Exclude<Actor, 'visitor'>;

export interface World {
  server: TestServer;
  db: Db;
  members: Record<SignedIn, Member>;
  clients: Record<Actor, HttpClient>;
}

/**
 * Starts the built server with the six actors: `owner` owns the things rows act on,
 * `member` is a signed-in stranger, `suspended` is signed in and then suspended (it owns
 * its own things, so rows also show that a suspended owner is refused).
 */
export async function startWorld(specs: Partial<Record<SignedIn, MemberSpec>> = {}): Promise<World> {
  const server = await startServer();
  const db = server.database.db;
  const roles: Record<SignedIn, MemberSpec> = {
    member: { handle: 'pm-member', displayName: 'Mira Member' },
    owner: { handle: 'pm-owner', displayName: 'Otto Owner' },
    moderator: { handle: 'pm-moderator', displayName: 'Moe Moderator', role: 'moderator' },
    admin: { handle: 'pm-admin', displayName: 'Ada Admin', role: 'admin' },
    suspended: { handle: 'pm-suspended', displayName: 'Sven Suspended' },
  };
  const members = {} as Record<SignedIn, Member>;
  for (const who of Object.keys(roles) as SignedIn[])
    members[who] = await createMember({ ...roles[who], ...specs[who] }, db);
  const clients = {} as Record<Actor, HttpClient>;
  await Promise.all(
    ACTORS.map(async (who) => {
      clients[who] = new HttpClient(server.url);
      if (who === 'visitor') return;
      const signIn = await clients[who].postForm('/signin?_action=accounts.signIn', {
        email: members[who].email,
        password: members[who].password,
      });
      expect(signIn.status, `${who} signs in`).toBe(303);
    }),
  );
  // Suspended after signing in, as a moderator would: the session stays, the rights go.
  await db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, members.suspended.id));
  return { server, db, members, clients };
}

/** A new client signed in as this member (a second session, e.g. a phone). */
export async function signInAgain(world: World, member: Member): Promise<HttpClient> {
  const client = new HttpClient(world.server.url);
  const signIn = await client.postForm('/signin?_action=accounts.signIn', {
    email: member.email,
    password: member.password,
  });
  expect(signIn.status, `${member.handle} signs in again`).toBe(303);
  return client;
}

/**
 * A new member standing in for this actor (same role, suspended if the actor is), with
 * a signed-in client: for rows whose allowed call ends the account or its sessions.
 */
export async function standIn(world: World, actor: Actor): Promise<{ member: Member | null; client: HttpClient }> {
  if (actor === 'visitor') return { member: null, client: new HttpClient(world.server.url) };
  const role = actor === 'moderator' || actor === 'admin' ? actor : 'member';
  const member = await createMember({ role }, world.db);
  const client = await signInAgain(world, member);
  if (actor === 'suspended')
    await world.db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, member.id));
  return { member, client };
}

/** The member a row's thing belongs to for this actor: the suspended actor acts on its own things. */
export function ownerFor(world: World, actor: Actor): Member {
  return actor === 'suspended' ? world.members.suspended : world.members.owner;
}

/** What an action answers: 'ok' (a 2xx and, where the row says, its effect) or a refusal status. */
export type Outcome = 'ok' | 400 | 401 | 403 | 404 | 409;

/** A form (urlencoded or multipart), or `{ json }` for the few actions that take JSON. */
export type Fields = Record<string, string> | FormData | { json: object };

export interface ActionRow {
  /** `feature.name` as in src/actions/index.ts. */
  action: string;
  expect: Record<Actor, Outcome>;
  /**
   * The form for this actor's call, after making what it needs (fresh per actor when the
   * call changes things). `self` is the member calling (null for a visitor).
   */
  fields: (world: World, actor: Actor, self: Member | null) => Fields | Promise<Fields>;
  /** Checks that an allowed call did what it says. */
  effect?: (world: World, actor: Actor, fields: Fields, self: Member | null) => Promise<void>;
  /**
   * Call as a new stand-in of each actor (see `standIn`) rather than the shared six: for
   * calls that end the account or session they are made in, or sign a visitor in.
   */
  standIn?: boolean;
  /** For a row every actor may call: the refusal it still has (e.g. a cross-site post), checked once. */
  refusal?: (world: World) => Promise<void>;
}

/** Calls an action the way a script on the page would: POST /_actions/<name> with a form body. */
export async function callAction(
  world: World,
  actor: Actor,
  action: string,
  fields: Fields,
  client: HttpClient = world.clients[actor],
): Promise<Response> {
  if (fields instanceof FormData) return client.request(`/_actions/${action}`, { method: 'POST', body: fields });
  if ('json' in fields && typeof fields.json === 'object') return client.postJson(`/_actions/${action}`, fields.json);
  return client.postForm(`/_actions/${action}`, fields as Record<string, string>);
}

function assertBothCases(
  expectations: Record<Actor, unknown>,
  allowed: (v: unknown) => boolean,
  name: string,
  refusal?: unknown,
) {
  const values = Object.values(expectations);
  if (!values.some(allowed) || (values.every(allowed) && !refusal)) {
    throw new Error(`${name}: a matrix row needs at least one allowed and one refused actor`);
  }
}

const describeRow = (e: Record<Actor, unknown>) =>
  ACTORS.map((a) => `${a} ${e[a] === 'ok' || e[a] === 200 ? 'yes' : e[a]}`).join(', ');

/** One test per row: the six actors call the action in parallel, each answer checked. */
export function actionRows(world: () => World, rows: ActionRow[]): void {
  for (const row of rows) {
    assertBothCases(row.expect, (v) => v === 'ok', row.action, row.refusal);
    it(`${row.action}: ${describeRow(row.expect)}`, async () => {
      const w = world();
      if (row.refusal) await row.refusal(w);
      await Promise.all(
        ACTORS.map(async (actor) => {
          const who = row.standIn
            ? await standIn(w, actor)
            : { member: actor === 'visitor' ? null : w.members[actor], client: w.clients[actor] };
          const fields = await row.fields(w, actor, who.member);
          const response = await callAction(w, actor, row.action, fields, who.client);
          const expected = row.expect[actor];
          const body = await response.text();
          const label = `${row.action} as ${actor}: ${body.slice(0, 300)}`;
          if (expected === 'ok') {
            expect(response.status, label).toBeLessThan(300);
            await row.effect?.(w, actor, fields, who.member);
          } else {
            expect(response.status, label).toBe(expected);
          }
        }),
      );
    });
  }
}

/** How a page answers: 200, 404, a redirect to sign in (visitors), to the suspension notice, or home. */
export type PageOutcome = 200 | 404 | 'signin' | 'notice' | 'home';

export interface PageRow {
  /** A name for the page, e.g. "/lists/[slug]/edit". */
  page: string;
  expect: Record<Actor, PageOutcome>;
  path: (world: World, actor: Actor) => string | Promise<string>;
  /** Text an allowed answer contains (proof it is the real page, not an error page with 200). */
  shows?: (world: World, actor: Actor) => string;
}

/** Fetches a page as one actor and checks the outcome. */
export async function expectPage(world: World, actor: Actor, path: string, expected: PageOutcome, shows?: string) {
  const response = await world.clients[actor].get(path);
  const label = `${path} as ${actor}`;
  if (expected === 'signin') {
    expect(response.status, label).toBe(303);
    expect(response.headers.get('location'), label).toMatch(/^\/signin\?next=/);
  } else if (expected === 'notice' || expected === 'home') {
    expect(response.status, label).toBe(303);
    expect(response.headers.get('location'), label).toBe(expected === 'home' ? '/' : '/suspended');
  } else {
    expect(response.status, label).toBe(expected);
    const text = await response.text();
    if (expected === 200 && shows) expect(text, label).toContain(shows);
  }
}

/** One test per page row, the six actors fetched in parallel. */
export function pageRows(world: () => World, rows: PageRow[]): void {
  for (const row of rows) {
    assertBothCases(row.expect, (v) => v === 200, row.page);
    it(`${row.page}: ${describeRow(row.expect)}`, async () => {
      const w = world();
      await Promise.all(
        ACTORS.map(async (actor) =>
          expectPage(w, actor, await row.path(w, actor), row.expect[actor], row.shows?.(w, actor)),
        ),
      );
    });
  }
}

/** Every action the site defines, as `feature.name`, read from src/actions/index.ts and the files it imports. */
export function definedActions(): string[] {
  const dir = new URL('../../../src/actions/', import.meta.url);
  const index = readFileSync(new URL('index.ts', dir), 'utf8');
  const fileOf = new Map<string, string>();
  for (const m of index.matchAll(/import \{ (\w+) \} from '\.\/([\w.-]+)'/g)) fileOf.set(m[1]!, m[2]!);
  const names: string[] = [];
  const server = index.slice(index.indexOf('export const server'));
  for (const m of server.matchAll(/^\s+(\w+): (\w+),$/gm)) {
    const file = fileOf.get(m[2]!);
    if (!file) throw new Error(`src/actions/index.ts: no import for ${m[2]}`);
    const source = readFileSync(new URL(file, dir), 'utf8');
    const found = [...source.matchAll(/^ {2}(\w+): defineAction\(/gm)].map((a) => `${m[1]}.${a[1]}`);
    // Every defineAction( call must be one the pattern saw, or the list would silently shrink.
    if (found.length !== (source.match(/defineAction\(/g) ?? []).length)
      throw new Error(`src/actions/${file}: an action is written in a shape this reader does not know`);
    names.push(...found);
  }
  return names;
}

/** The matrix files next to this helper (each `*.test.ts` exports its `rows`). */
export function matrixFiles(): string[] {
  return readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.rows.ts'));
}

/** Shorthand for a row's expectations: every actor refused as given, with the listed ones allowed. */
export function only(allowed: Actor[], refused: Partial<Record<Actor, Outcome>> = {}): Record<Actor, Outcome> {
  const base: Record<Actor, Outcome> = {
    visitor: 401,
    member: 404,
    owner: 404,
    moderator: 404,
    admin: 404,
    suspended: 403,
  };
  for (const a of allowed) base[a] = 'ok';
  return { ...base, ...refused, ...Object.fromEntries(allowed.map((a) => [a, 'ok'])) };
}

/** A state-changing endpoint outside Astro actions (a form post to a page or route file). */
export interface EndpointRow {
  /** Its file, e.g. "src/pages/inbox/[id].ts". */
  endpoint: string;
  expect: Record<Actor, PageOutcome | 'ok' | 403>;
  /** Makes what the call needs and sends it as this actor. */
  send: (world: World, actor: Actor) => Promise<{ response: Response; check?: () => Promise<void> }>;
}

/** One test per endpoint row, the six actors in parallel; `check` runs after an allowed call. */
export function endpointRows(world: () => World, rows: EndpointRow[]): void {
  for (const row of rows) {
    assertBothCases(row.expect, (v) => v === 'ok', row.endpoint);
    it(`${row.endpoint}: ${describeRow(row.expect)}`, async () => {
      const w = world();
      await Promise.all(
        ACTORS.map(async (actor) => {
          const { response, check } = await row.send(w, actor);
          const expected = row.expect[actor];
          const label = `${row.endpoint} as ${actor}`;
          if (expected === 'ok') {
            expect(response.status, label).toBeLessThan(400);
            await check?.();
          } else if (expected === 'signin') {
            expect(response.status, label).toBe(303);
            expect(response.headers.get('location'), label).toMatch(/^\/signin\?next=/);
          } else {
            expect(response.status, label).toBe(expected);
          }
          await response.body?.cancel();
        }),
      );
    });
  }
}

/** Route files that take writes (non-GET handlers, or pages that act on a POST themselves), as "src/pages/…". */
export function writeEndpoints(): string[] {
  const root = new URL('../../../', import.meta.url);
  const files = readdirSync(new URL('src/pages/', root), { recursive: true, encoding: 'utf8' });
  return files
    .filter((f) => /\.(ts|astro)$/.test(f))
    .map((f) => `src/pages/${f}`)
    .filter((f) => {
      const source = readFileSync(new URL(f, root), 'utf8');
      return /export const (POST|PUT|PATCH|DELETE|ALL)\b/.test(source) || /request\.method === 'POST'/.test(source);
    })
    .sort();
}
