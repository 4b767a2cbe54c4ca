import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAX_BYTES } from '#server/http/bench-pages.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

// The benchmark's fixed pages: the static ceiling and the two Astro pages that show what
// the stack allows at a page's size. They exist only under BENCH_ROUTES=1.

const PATHS = ['/api/bench/static', '/api/bench/static?bytes=5000', '/bench/page', '/bench/layout?filler=10'];

async function body(server: TestServer, path: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('without BENCH_ROUTES', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('answers 404 on every bench page', async () => {
    for (const path of PATHS) expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
  });
});

describe('with BENCH_ROUTES=1', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { BENCH_ROUTES: '1' } });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('serves the static ceiling at exactly the asked size, within bounds', async () => {
    const page = await body(server, '/api/bench/static?bytes=5000');
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(Buffer.byteLength(page.text)).toBe(5000);
    expect(page.text).toMatch(/^<!doctype html>.*<\/html>$/s);
    expect(Buffer.byteLength((await body(server, '/api/bench/static?bytes=abc')).text)).toBe(10_000);
    // The smallest page is the document around an empty paragraph.
    expect((await body(server, '/api/bench/static?bytes=-5')).text).toContain('<p></p>');
    expect(Buffer.byteLength((await body(server, '/api/bench/static?bytes=1e12')).text)).toBe(BENCH_MAX_BYTES);
  });

  it('renders the bare Astro page with a paragraph of the asked length', async () => {
    const empty = await body(server, '/bench/page?filler=0');
    const filled = await body(server, '/bench/page?filler=3000');
    expect(filled.status).toBe(200);
    expect(Buffer.byteLength(filled.text) - Buffer.byteLength(empty.text)).toBe(3000);
    // Nothing of the site's layout around it.
    expect(filled.text).not.toContain('site-search');
    expect(filled.text).not.toContain('<footer');
    expect((await body(server, '/bench/page?filler=oops')).text).toBe(empty.text);
  });

  it("renders the site's layout around the paragraph, kept out of search engines", async () => {
    // Same-length parameters: a visitor's header links to sign-in with the page's address.
    const empty = await body(server, '/bench/layout?filler=1000');
    const filled = await body(server, '/bench/layout?filler=3000');
    expect(filled.status).toBe(200);
    expect(Buffer.byteLength(filled.text) - Buffer.byteLength(empty.text)).toBe(2000);
    expect(filled.text).toContain('id="site-search"');
    expect(filled.text).toContain('<footer');
    expect(filled.text).toContain('<meta name="robots" content="noindex"');
    const huge = await body(server, '/bench/layout?filler=99999999');
    const none = await body(server, '/bench/layout?filler=00000000');
    expect(huge.status).toBe(200);
    expect(Buffer.byteLength(huge.text) - Buffer.byteLength(none.text)).toBe(BENCH_MAX_BYTES);
  });
});
