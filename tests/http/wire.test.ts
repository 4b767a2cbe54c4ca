import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD } from '#server/http/compression.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

// What goes over the wire: compression as the client accepts it, stylesheets as files
// with hashed names cached for a year. Node's fetch decodes bodies on its own and always
// offers every encoding, so these requests use node:http to see the bytes sent.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ seedDemo: true });
});
afterAll(async () => {
  await server?.dispose();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const PEOPLE = '/people?q=kubernets';

describe('compression', () => {
  it('sends a page brotli-compressed to a client that accepts brotli, and it decodes to the same page', async () => {
    const plain = await raw(PEOPLE);
    const br = await raw(PEOPLE, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const decoded = brotliDecompressSync(br.body).toString('utf8');
    expect(decoded).toContain('<html');
    expect(decoded).toContain('Kubernetes');
    expect(decoded.length).toBe(plain.body.toString('utf8').length);
  });

  it('uses gzip when that is all the client accepts', async () => {
    const gz = await raw(PEOPLE, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toContain('</html>');
  });

  it('compresses the search JSON', async () => {
    const answer = await raw('/api/search/people?q=kube', { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    const json = JSON.parse(brotliDecompressSync(answer.body).toString('utf8')) as { total: number };
    expect(json.total).toBeGreaterThan(0);
  });

  it('sends identity to a client that refuses every encoding, and to HEAD requests', async () => {
    const refused = await raw(PEOPLE, { 'accept-encoding': 'identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toContain('<html');
    const head = await raw(PEOPLE, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});

describe('stylesheets', () => {
  it('are linked files with hashed names, not inlined into every page', async () => {
    const html = (await raw(PEOPLE)).body.toString('utf8');
    const links = [...html.matchAll(/<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/\.[A-Za-z0-9_-]{8}\.css$/);
    expect(html).not.toMatch(/<style[^>]*>[^<]{200,}/);
  });

  it('are cached for a year as immutable, and compressed when larger than a packet', async () => {
    const html = (await raw('/')).body.toString('utf8');
    const links = [...html.matchAll(/<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/g)].map((m) => m[1]!);
    let compressed = 0;
    for (const href of links) {
      const css = await raw(href, { 'accept-encoding': 'gzip' });
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toMatch(/text\/css/);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const size = css.headers['content-encoding'] === 'gzip' ? gunzipSync(css.body).length : css.body.length;
      if (size >= COMPRESSION_THRESHOLD) {
        expect(css.headers['content-encoding']).toBe('gzip');
        compressed++;
      }
    }
    expect(compressed).toBeGreaterThan(0);
  });

  it('are the same files on every kind of page, so a second page fetches no CSS', async () => {
    const sheets = async (path: string) => {
      const html = (await raw(path)).body.toString('utf8');
      return [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]).sort();
    };
    const home = await sheets('/');
    expect(home.length).toBeGreaterThan(0);
    for (const path of [PEOPLE, '/events', '/lists', '/guides', '/signin']) expect(await sheets(path)).toEqual(home);
  });

  it('are allowed by the page’s Content-Security-Policy', async () => {
    const answer = await raw('/');
    expect(String(answer.headers['content-security-policy'])).toMatch(/style-src 'self'/);
  });
});
