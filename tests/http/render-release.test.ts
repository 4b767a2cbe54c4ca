import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

// The built server empties each response's render state once the response is written
// (src/server/http/render-release-plugin.ts). Pages, JSON, redirects, answers without a
// body and members' pages must come out whole, and nothing may read the state after.

let server: TestServer;
let member: Member;

beforeAll(async () => {
  server = await startServer();
  member = await createMember(
    { displayName: 'Rena Release', skills: [{ skill: 'Kubernetes', level: 4, canTeach: true }] },
    server.database.db,
  );
  await queuePeopleIndexing([member.id], server.database.db);
  await outboxApplied(server);
});
afterAll(async () => {
  await server?.dispose();
});

describe('releasing render state after a response is sent (render-release-plugin)', () => {
  it('is in the built server: App.render hands over its state, writeResponse releases it after the last byte', () => {
    const entry = readFileSync(new URL('../../dist/server/entry.mjs', import.meta.url), 'utf8');
    const chunksDir = new URL('../../dist/server/chunks/', import.meta.url);
    const code = [entry, ...readdirSync(chunksDir).map((name) => readFileSync(new URL(name, chunksDir), 'utf8'))];
    expect(code.filter((c) => /carryRenderState\(response, __renderState\)/.test(c))).toHaveLength(1);
    expect(code.join('\n').match(/releaseRenderState\(source\)/g)).toHaveLength(2);
  });

  it('answers pages, JSON, redirects and empty answers whole, to visitors and members, with no error logged', async () => {
    const visitor = new HttpClient(server.url);
    const signedIn = new HttpClient(server.url);
    const signIn = await signedIn.postForm('/signin?_action=accounts.signIn', {
      email: member.email,
      password: member.password,
    });
    expect(signIn.status).toBe(303);

    for (let round = 0; round < 3; round++) {
      const people = await visitor.get('/people?q=kubernets');
      expect(people.status).toBe(200);
      const html = await people.text();
      expect(html).toContain('Rena Release');
      expect(html.trimEnd().endsWith('</html>')).toBe(true);

      const json = await visitor.get('/api/search/people?q=kube');
      expect(json.status).toBe(200);
      expect(JSON.stringify(await json.json())).toContain('Rena Release');

      const profile = await signedIn.get(`/people/${member.handle}`);
      expect(profile.status).toBe(200);
      expect(await profile.text()).toContain('Rena Release');

      const home = await signedIn.get('/');
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('Welcome back, Rena');

      const redirect = await visitor.get('/settings/account');
      expect(redirect.status).toBe(303);
      expect(await redirect.text()).toBe('');

      const head = await visitor.request('/people', { method: 'HEAD' });
      expect(head.status).toBe(200);

      const missing = await visitor.get('/people/nobody-by-this-handle');
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('</html>');
    }
    const output = server.output();
    expect(output).not.toMatch(/Unhandled rejection|Could not render|TypeError|Cannot read properties/);
  });
});
