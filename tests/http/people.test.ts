import { readdirSync, readFileSync } from 'node:fs';
import { shorthash } from 'astro/runtime/server/shorthash.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
let ada: Member;
let ben: Member;
let cleo: Member;

beforeAll(async () => {
  server = await startServer();
  const db = server.database.db;
  ada = await createMember(
    {
      displayName: 'Ada Kube',
      seniority: 'junior',
      openToReverse: true,
      languages: ['English', 'Yoruba'],
      skills: [{ skill: 'Kubernetes', level: 4, canTeach: true }],
    },
    db,
  );
  ben = await createMember(
    { displayName: 'Ben Learner', seniority: 'mid', skills: [{ skill: 'Kubernetes', level: 2, wantsToLearn: true }] },
    db,
  );
  cleo = await createMember(
    { displayName: 'Cleo Hidden', visibility: 'members', skills: [{ skill: 'Kubernetes', level: 5, canTeach: true }] },
    db,
  );
  await queuePeopleIndexing([ada.id, ben.id, cleo.id], db);
  await outboxApplied(server);
});
afterAll(async () => {
  await server?.dispose();
});

/** The names in the result list, in order. */
const names = (html: string) =>
  [
    ...html.matchAll(
      /<a class="name[^"]*" href="\/people\/[^"]+" data-result[^>]*>(?:<!--[^>]*-->)?(?:<mark[^>]*>)?([^<]+)/g,
    ),
  ].map((m) => m[1]);

describe('the /people page without JavaScript', () => {
  it('finds people for a misspelled skill and narrows with a facet, as a plain GET form', async () => {
    const page = await fetch(`${server.url}/people?q=kubernets`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form[^>]*method="get"[^>]*action="\/people"/);
    expect(names(html)).toEqual(['Ada Kube', 'Ben Learner']);
    expect(html).toMatch(
      /<mark[^>]*>Kubernetes<\/mark>[\s\S]{0,600}?proficient<span class="sr-only[^"]*">, level 4 of 5<\/span>[\s\S]{0,300}?can teach/,
    );
    expect(html).toContain('reverse mentor');
    expect(html).not.toContain('Cleo Hidden');

    const narrowed = await (await fetch(`${server.url}/people?q=kubernets&teach=1`)).text();
    expect(names(narrowed)).toEqual(['Ada Kube']);
    expect(narrowed).toMatch(/name="teach" value="1" checked/);
  });

  it('sends the results once: as HTML in the island’s slot, not again in its props', async () => {
    const html = await (await fetch(`${server.url}/people?q=kubernets`)).text();
    const island = /<astro-island[^>]*component-url="[^"]*PeopleSearch[^>]*>/.exec(html)?.[0];
    expect(island).toBeDefined();
    const props = /props="([^"]*)"/.exec(island!)?.[1] ?? '';
    expect(props).toContain('kubernets');
    expect(props).not.toContain('Ada Kube');
    expect(html.match(/Ada Kube/g)).toHaveLength(1);
    expect(html).toMatch(/<astro-slot>(?:<!--\[-->)?<ol class="list-plain list/);
  });

  it("renders the island as Astro's own code would: its id is Astro's hash of its HTML and props (island-render-plugin)", async () => {
    const chunksDir = new URL('../../dist/server/chunks/', import.meta.url);
    const chunks = readdirSync(chunksDir).map((name) => readFileSync(new URL(name, chunksDir), 'utf8'));
    // The build step is in the built server...
    expect(chunks.filter((code) => code.includes('shorthashOfParts([')).length).toBe(1);
    expect(
      chunks.filter((code) => code.includes('memoisedSerializedProps(props, metadata, serializePropsOnce)')).length,
    ).toBe(1);
    expect(
      chunks.filter((code) => code.includes('if (html.includes("class=\\"\\"")) html = html.replace(')).length,
    ).toBe(1);
    expect(chunks.filter((code) => code.includes('memoisedComponentCheck(Component, checkOnce)')).length).toBe(1);
    const componentPath = chunks
      .map((code) => /"client:component-path": "([^"]*PeopleSearch\.svelte)"/.exec(code)?.[1])
      .find(Boolean);
    expect(componentPath).toBeDefined();
    // ...and the page is what Astro's own shorthash and serializeProps make of it.
    for (const query of ['kubernets', 'k', 'nobody-knows-this']) {
      const html = await (await fetch(`${server.url}/people?q=${query}`)).text();
      const island = /<astro-island uid="([^"]+)"[^>]*props="([^"]*)"[^>]*>([\s\S]*?)<!--astro:end-->/.exec(html);
      expect(island, query).not.toBeNull();
      const [, uid, escapedProps, inner] = island!;
      const props = escapedProps!
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');
      expect(uid).toBe(shorthash(`<!--default:${componentPath}-->\n${inner}\n${props}`));
    }
  });

  it('shows members-only profiles to members only', async () => {
    const client = new HttpClient(server.url);
    await client.postForm('/signin?_action=accounts.signIn', { email: ben.email, password: ben.password });
    const html = await (await client.get('/people?q=kubernetes&level=4')).text();
    expect(names(html)).toEqual(['Cleo Hidden', 'Ada Kube']);
  });

  it('cuts a query over 200 characters with a visible notice', async () => {
    const html = await (await fetch(`${server.url}/people?q=${'kubernetes '.repeat(25)}`)).text();
    expect(html).toMatch(/class="notice[^"]*"[^>]*>Your search was longer than 200 characters/);
  });

  it('suggests the closest skills and an open question when nobody matches', async () => {
    const html = await (await fetch(`${server.url}/people?q=kubrnetesxxx`)).text();
    expect(html).toContain('Nobody matches this search yet');
    expect(html).toMatch(/href="\/people\?skill=kubernetes"[^>]*>Kubernetes</);
    expect(html).toContain('href="/requests/new?topic=kubernetes"');
  });

  it('hydrates one island, and no other script', async () => {
    const html = await (await fetch(`${server.url}/people`)).text();
    expect(html.match(/<astro-island/g)).toHaveLength(1);
    expect(html).toMatch(/client="load"/);
  });
});

describe('GET /api/search/people', () => {
  it('answers JSON with results, facets and why each matched', async () => {
    const response = await fetch(`${server.url}/api/search/people?q=kubernets&teach=1`);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = await response.json();
    expect(body.results.map((r: { handle: string }) => r.handle)).toEqual([ada.handle]);
    expect(body.results[0].matched[0]).toMatchObject({ name: 'Kubernetes', level: 4, canTeach: true });
    expect(body.facets.teach).toMatchObject({ label: 'Can teach Kubernetes', selected: true });
    expect(body.query).toMatchObject({ q: 'kubernets', teach: true, page: 1 });
  });

  it('normalises bad input: long queries cut, unknown values ignored, pages and sizes bounded', async () => {
    const body = await (
      await fetch(`${server.url}/api/search/people?q=${'k'.repeat(300)}&page=9999&perPage=5000&level=7&open=x&tz=moon`)
    ).json();
    expect(body.query.q).toHaveLength(200);
    expect(body.query).toMatchObject({ page: 50, perPage: 50, level: null, open: [], tz: [] });
    expect(body.notices).toHaveLength(2);
  });

  it('refuses unknown parameters and oversized values with 400', async () => {
    const unknown = await fetch(`${server.url}/api/search/people?q=go&filter=visibility%3Dmembers`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: 'Unknown parameter: filter.' });
    expect((await fetch(`${server.url}/api/search/people?q=${'x'.repeat(2100)}`)).status).toBe(400);
  });

  it('never returns members-only profiles to visitors, whatever they ask for', async () => {
    const body = await (await fetch(`${server.url}/api/search/people?q=Cleo`)).json();
    expect(body.total).toBe(0);
  });
});

describe('skill type-ahead', () => {
  it('resolves aliases and typos to catalogue skills', async () => {
    const body = await (await fetch(`${server.url}/api/skills/suggest?q=k8s`)).json();
    expect(body.suggestions[0]).toMatchObject({ name: 'Kubernetes', alias: 'k8s', slug: 'kubernetes' });
    const typo = await (await fetch(`${server.url}/api/skills/suggest?q=postgrse`)).json();
    expect(typo.suggestions[0].name).toBe('PostgreSQL');
  });
});

describe('topics', () => {
  it('lists topics with counts, filtered by a GET parameter', async () => {
    const html = await (await fetch(`${server.url}/topics?q=kube`)).text();
    // Counts beside a teach/learn balance bar.
    expect(html).toMatch(
      /href="\/topics\/kubernetes"[\s\S]*?2 people[\s\S]*?>1<\/span> teach[\s\S]*?>1<\/span> learning/,
    );
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('serves a topic hub, redirects aliases, and 404s unknown slugs', async () => {
    const hub = await (await fetch(`${server.url}/topics/kubernetes`)).text();
    expect(hub).toContain('Who teaches Kubernetes');
    expect(hub).toContain('Ada Kube');
    expect(hub).not.toContain('Cleo Hidden');
    expect(hub).toContain('href="/people?skill=kubernetes"');
    const alias = await fetch(`${server.url}/topics/k8s`, { redirect: 'manual' });
    expect(alias.status).toBe(301);
    expect(alias.headers.get('location')).toBe('/topics/kubernetes');
    expect((await fetch(`${server.url}/topics/not-a-real-topic`)).status).toBe(404);
  });
});
