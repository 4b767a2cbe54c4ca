import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentoringRequests, mentorshipItems, reports } from '#db/schema/index.ts';
import { createMember, createRequest, type Member, type RequestSpec } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * The permission matrix of every request route: requester, recipient, another member,
 * a visitor and a moderator, each rule with an allowed and a refused case. Refusals
 * must change nothing.
 */

type Role = 'requester' | 'recipient' | 'other' | 'anonymous' | 'moderator';
const ROLES: Role[] = ['requester', 'recipient', 'other', 'anonymous', 'moderator'];

let server: TestServer;
const members = {} as Record<Exclude<Role, 'anonymous'>, Member>;
const clients = {} as Record<Role, HttpClient>;
const future = () => new Date(Date.now() + 3 * 86_400_000);

beforeAll(async () => {
  server = await startServer();
  const db = server.database.db;
  members.requester = await createMember({ handle: 'req-asker', seniority: 'senior' }, db);
  members.recipient = await createMember(
    { handle: 'req-helper', seniority: 'junior', capacityOpenRequests: 50, skills: [{ skill: 'Bun', canTeach: true }] },
    db,
  );
  members.other = await createMember({ handle: 'req-other', skills: [{ skill: 'Bun', canTeach: true }] }, db);
  members.moderator = await createMember({ handle: 'req-moderator', role: 'moderator' }, db);
  for (const role of ROLES) {
    clients[role] = new HttpClient(server.url);
    if (role === 'anonymous') continue;
    const m = members[role];
    const signIn = await clients[role].postForm('/signin?_action=accounts.signIn', {
      email: m.email,
      password: m.password,
    });
    expect(signIn.status).toBe(303);
  }
});
afterAll(async () => {
  await server?.dispose();
});

const make = (spec: Partial<RequestSpec> = {}) =>
  createRequest(
    { requester: members.requester, recipient: members.recipient, slots: [future()], ...spec },
    server.database.db,
  );
const stateOf = async (id: string) =>
  (await server.database.db
    .select({ state: mentoringRequests.state })
    .from(mentoringRequests)
    .where(eq(mentoringRequests.id, id))
    .get())!.state;
const report = (id: string) =>
  server.database.db.insert(reports).values({
    subjectKind: 'request',
    subjectId: id,
    subjectOwnerId: members.requester.id,
    requestId: id,
    reporterId: members.recipient.id,
    reason: 'other',
    details: 'Please look at this.',
    snapshot: { title: 'A request', url: `/requests/${id}`, fields: [] },
  });

describe('viewing a request, its thread and its calendar file', () => {
  it('shows the request and its thread to the two participants', async () => {
    const id = await make({ state: 'accepted' });
    for (const role of ['requester', 'recipient'] as const) {
      const page = await clients[role].get(`/requests/${id}`);
      expect(page.status, role).toBe(200);
      expect(await page.text()).toContain('id="thread-title"');
      const ics = await clients[role].get(`/requests/${id}.ics`);
      expect(ics.status, role).toBe(200);
      expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
      expect(await ics.text()).toContain(`UID:request-${id}@whoknows`);
    }
  });

  it('answers 404 to another member and to a moderator without a report, for the page and the .ics', async () => {
    const id = await make({ state: 'accepted' });
    for (const role of ['other', 'moderator'] as const) {
      expect((await clients[role].get(`/requests/${id}`)).status, role).toBe(404);
      expect((await clients[role].get(`/requests/${id}.ics`)).status, role).toBe(404);
    }
    // Exactly like a request that does not exist.
    expect((await clients.other.get('/requests/doesnotexist1234')).status).toBe(404);
  });

  it('sends visitors to sign in, showing nothing', async () => {
    const id = await make({ state: 'accepted' });
    for (const path of [`/requests/${id}`, `/requests/${id}.ics`]) {
      const response = await clients.anonymous.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('lets a moderator read a reported request and its thread, but not its calendar file, until the report is resolved', async () => {
    const id = await make({ state: 'accepted' });
    await report(id);
    const page = await clients.moderator.get(`/requests/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="thread-title"');
    expect(html).toContain('Please look at this.');
    expect((await clients.moderator.get(`/requests/${id}.ics`)).status).toBe(404);
    // A report does not open it to other members.
    expect((await clients.other.get(`/requests/${id}`)).status).toBe(404);

    const resolve = await clients.moderator.postForm(`/requests/${id}?_action=requests.resolveReports`, { id });
    expect(resolve.status).toBe(303);
    expect((await clients.moderator.get(`/requests/${id}`)).status).toBe(404);
  });

  it('shows an unclaimed open call to other members without its thread, and hides it once picked up', async () => {
    const id = await make({ recipient: null });
    const page = await clients.other.get(`/requests/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Pick up this open call');
    expect(html).not.toContain('id="thread-title"');
    expect((await clients.other.get(`/requests/${id}.ics`)).status).toBe(404);
    // Once picked up it is private: a member who could have taken it is told it was taken, and nothing more.
    const taken = await make({ recipient: members.recipient, openCall: true, state: 'accepted' });
    const gone = await clients.other.get(`/requests/${taken}`);
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe('/requests/open?topic=bun&closed=taken');
    expect((await clients.other.get(`/requests/${taken}.ics`)).status).toBe(404);
  });
});

interface ActionRule {
  action: string;
  /** The state of a fresh request to act on. */
  setup: Partial<RequestSpec>;
  fields: (id: string) => Record<string, string>;
  allowed: Role[];
  /** State after a successful call. */
  after: string;
  /** Extra check that the effect happened (beyond the state). */
  effect?: (id: string) => Promise<boolean>;
}

const planCount = async (id: string) =>
  (await server.database.db.select().from(mentorshipItems).where(eq(mentorshipItems.requestId, id))).length;

const RULES: ActionRule[] = [
  {
    action: 'accept',
    setup: {},
    fields: (id) => ({ id, choice: 'slot-1' }),
    allowed: ['recipient'],
    after: 'accepted',
  },
  { action: 'decline', setup: {}, fields: (id) => ({ id, phrase: 'busy' }), allowed: ['recipient'], after: 'declined' },
  {
    action: 'askDetails',
    setup: {},
    fields: (id) => ({ id, question: 'Which version?' }),
    allowed: ['recipient'],
    after: 'open',
  },
  { action: 'withdraw', setup: {}, fields: (id) => ({ id }), allowed: ['requester'], after: 'withdrawn' },
  {
    action: 'cancel',
    setup: { state: 'accepted' },
    fields: (id) => ({ id, reason: 'Ill' }),
    allowed: ['requester', 'recipient'],
    after: 'cancelled',
  },
  {
    action: 'complete',
    setup: { state: 'accepted' },
    fields: (id) => ({ id }),
    allowed: ['requester', 'recipient'],
    after: 'completed',
  },
  {
    action: 'message',
    setup: {},
    fields: (id) => ({ id, body: 'Hello there' }),
    allowed: ['requester', 'recipient'],
    after: 'open',
  },
  {
    action: 'feedback',
    setup: { state: 'completed' },
    fields: (id) => ({ id, rating: '5' }),
    allowed: ['requester', 'recipient'],
    after: 'completed',
  },
  {
    action: 'endorse',
    setup: { state: 'completed' },
    fields: (id) => ({ id }),
    allowed: ['requester'],
    after: 'completed',
  },
  {
    action: 'addPlanItem',
    setup: { state: 'accepted', kind: 'ongoing' },
    fields: (id) => ({ id, kind: 'checkin', text: 'Weekly check-in', dueOn: '2030-01-10' }),
    allowed: ['requester', 'recipient'],
    after: 'accepted',
    effect: async (id) => (await planCount(id)) === 1,
  },
];

describe.each(RULES)('POST $action', (rule) => {
  for (const role of ROLES) {
    const allowed = rule.allowed.includes(role);
    it(`${allowed ? 'allows' : 'refuses'} the ${role}`, async () => {
      const id = await make(rule.setup);
      const before = await stateOf(id);
      const response = await clients[role].postForm(`/requests/${id}?_action=requests.${rule.action}`, rule.fields(id));
      if (allowed) {
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toMatch(new RegExp(`^/requests/${id}\\?done=${rule.action}`));
        expect(await stateOf(id)).toBe(rule.after);
        if (rule.effect) expect(await rule.effect(id)).toBe(true);
        return;
      }
      if (role === 'anonymous') {
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toMatch(/^\/signin\?next=/);
      } else if (role === 'other' || role === 'moderator') {
        expect(response.status).toBe(404); // not theirs: it does not exist for them
      } else {
        expect(response.status).toBe(403); // a participant, but not the one who may do this
      }
      expect(await stateOf(id)).toBe(before);
      if (rule.effect) expect(await rule.effect(id)).toBe(false);
    });
  }
});

describe("POST a report on a request (the moderation feature's form)", () => {
  const reportsOn = async (id: string) =>
    (await server.database.db.select().from(reports).where(eq(reports.subjectId, id))).length;
  // The recipient reports a request; its requester reports messages in it instead (their own request is theirs).
  for (const role of ROLES) {
    const allowed = role === 'recipient';
    it(`${allowed ? 'allows' : 'refuses'} the ${role}`, async () => {
      const id = await make();
      const response = await clients[role].postForm(`/report?kind=request&id=${id}&_action=moderation.report`, {
        kind: 'request',
        id,
        reason: 'harassment',
        details: 'Something is not right here.',
      });
      if (allowed) {
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe('/settings/reports?filed=1');
        expect(await reportsOn(id)).toBe(1);
        expect(await stateOf(id)).toBe('open');
        return;
      }
      if (role === 'anonymous') {
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toMatch(/^\/signin\?next=/);
      } else if (role === 'requester') {
        expect(response.status).toBe(400); // their own request: explained, nothing filed
      } else {
        expect(response.status).toBe(404); // not theirs: it does not exist for them
      }
      expect(await reportsOn(id)).toBe(0);
    });
  }
});

describe('moderators acting on a reported request', () => {
  it('may resolve its reports but not act in it', async () => {
    const id = await make();
    await report(id);
    const accept = await clients.moderator.postForm(`/requests/${id}?_action=requests.accept`, {
      id,
      choice: 'slot-1',
    });
    expect(accept.status).toBe(403);
    const message = await clients.moderator.postForm(`/requests/${id}?_action=requests.message`, {
      id,
      body: 'Moderator here',
    });
    expect(message.status).toBe(403);
    expect(await stateOf(id)).toBe('open');
  });

  it('resolve is refused to participants (403) and other members (404)', async () => {
    const id = await make();
    await report(id);
    expect((await clients.requester.postForm(`/requests/${id}?_action=requests.resolveReports`, { id })).status).toBe(
      403,
    );
    expect((await clients.other.postForm(`/requests/${id}?_action=requests.resolveReports`, { id })).status).toBe(404);
  });
});

describe('request lists', () => {
  it('lets any member open /requests, /requests/new and /requests/open, and sends visitors to sign in', async () => {
    for (const path of ['/requests', '/requests/new', '/requests/open', '/requests/new?topic=bun']) {
      expect((await clients.other.get(path)).status, path).toBe(200);
      const visitor = await clients.anonymous.get(path);
      expect(visitor.status, path).toBe(303);
      expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('lists a request for its participants only', async () => {
    const id = await make();
    expect(await (await clients.requester.get('/requests')).text()).toContain(`/requests/${id}`);
    expect(await (await clients.recipient.get('/requests?role=received&state=open')).text()).toContain(
      `/requests/${id}`,
    );
    expect(await (await clients.recipient.get('/requests?role=sent')).text()).not.toContain(`/requests/${id}`);
    expect(await (await clients.other.get('/requests')).text()).not.toContain(`/requests/${id}`);
  });

  it('shows the report queue to moderators and answers 404 to members', async () => {
    const id = await make();
    await report(id);
    const queue = await clients.moderator.get('/requests/reported');
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain(`/requests/${id}`);
    expect((await clients.other.get('/requests/reported')).status).toBe(404);
    expect((await clients.requester.get('/requests/reported')).status).toBe(404);
    expect((await clients.anonymous.get('/requests/reported')).status).toBe(303);
  });

  it('keeps /settings/blocks to its owner', async () => {
    expect((await clients.other.get('/settings/blocks')).status).toBe(200);
    expect((await clients.anonymous.get('/settings/blocks')).status).toBe(303);
  });
});
