import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

// The built server loads each route's page module once and skips the static-path lookup
// for server-rendered dynamic routes (src/server/http/route-plugin.ts), and renders pages
// to one string rather than a stream (astro.config.mjs). Every dynamic route must still
// get its own params, request after request, and unknown ones their 404.

let server: TestServer;
let ada: Member;
let bo: Member;

beforeAll(async () => {
  server = await startServer();
  ada = await createMember(
    { displayName: 'Ada Params', skills: [{ skill: 'Rust', level: 4, canTeach: true }] },
    server.database.db,
  );
  bo = await createMember(
    { displayName: 'Bo Params', skills: [{ skill: 'Kubernetes', level: 3, canTeach: true }] },
    server.database.db,
  );
});
afterAll(async () => {
  await server?.dispose();
});

const builtCode = () => {
  const chunksDir = new URL('../../dist/server/chunks/', import.meta.url);
  return [
    readFileSync(new URL('../../dist/server/entry.mjs', import.meta.url), 'utf8'),
    ...readdirSync(chunksDir).map((name) => readFileSync(new URL(name, chunksDir), 'utf8')),
  ].join('\n');
};

describe('route fast paths and whole-string pages in the built server', () => {
  it('carries the module memo, the props shortcut and the non-streaming app', () => {
    const code = builtCode();
    expect(code).toMatch(/memoisedComponentByRoute\(manifest, routeData, loadComponentByRoute\)/);
    expect(code).toMatch(/memoisedHeadElements\(this, manifest, routeData\)/);
    expect(code).toMatch(
      /if \(serverLike && !route\.prerender && !mod\.getStaticPaths && staticPaths\.keyed\.size === 0\) return \{\};/,
    );
    expect(code).toMatch(/createApp\(\{ streaming: false \}\)/);
  });

  it('gives each dynamic route its own params, alternating, and a 404 to unknown ones', async () => {
    const visitor = new HttpClient(server.url);
    for (let round = 0; round < 3; round++) {
      for (const [member, skill] of [
        [ada, 'Rust'],
        [bo, 'Kubernetes'],
      ] as const) {
        const page = await visitor.get(`/people/${member.handle}`);
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html).toContain(member.displayName);
        expect(html).toContain(skill);
        // The route's stylesheets, on every page (the head elements are built once per route).
        expect(html.match(/<link rel="stylesheet" href="\/_astro\/style\.[\w-]+\.css"/g)?.length).toBeGreaterThan(0);
        expect(html.trimEnd().endsWith('</html>')).toBe(true);
      }
      const topic = await visitor.get('/topics/rust');
      expect(topic.status).toBe(200);
      expect(await topic.text()).toContain('Rust');

      const missing = await visitor.get(`/people/${ada.handle}-not`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('</html>');

      const static404 = await visitor.get('/no/such/page');
      expect(static404.status).toBe(404);
    }
    expect(server.output()).not.toMatch(/Could not render|TypeError|Cannot read properties|Internal Warning/);
  });
});
