import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStaticFiles, withStaticFiles } from '#server/http/static-files.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

// A real HTTP server around withStaticFiles over a real folder; the "app" answers 404
// with the path it was asked for, so a test sees who answered.
const dir = makeTempDir('whoknows-static-');
const files: Record<string, string> = {
  '_astro/app.Ab12.css': 'body{color:red}',
  '_astro/chunks/island.Cd34.js': 'export default 1;',
  'robots.txt': 'User-agent: *',
  '.env': 'SECRET=1',
  '.well-known/security.txt': 'Contact: mailto:security@example.org',
  '_astro/.hidden/x.js': 'hidden',
  'with space.txt': 'spaced',
};
for (const [name, body] of Object.entries(files)) {
  mkdirSync(join(dir.path, name, '..'), { recursive: true });
  writeFileSync(join(dir.path, name), body);
}

const appSaw: string[] = [];
function app(req: IncomingMessage, res: ServerResponse): void {
  appSaw.push(`${req.method} ${req.url}`);
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end(`app: ${req.url}`);
}

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer(withStaticFiles(dir.path, app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  dir.remove();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the target sent exactly as written (fetch would normalise dots and escapes). */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listStaticFiles', () => {
  it('lists every built file as a URL path, leaving dot-files out except /.well-known/', () => {
    expect([...listStaticFiles(dir.path)].sort()).toEqual([
      '/.well-known/security.txt',
      '/_astro/app.Ab12.css',
      '/_astro/chunks/island.Cd34.js',
      '/robots.txt',
      '/with space.txt',
    ]);
  });

  it('is empty for a build without client files', () => {
    expect(listStaticFiles(join(dir.path, 'no-such-folder')).size).toBe(0);
  });
});

describe('withStaticFiles', () => {
  it('serves built assets with their type, cached for a year as immutable', async () => {
    const css = await raw('/_astro/app.Ab12.css?v=2');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.body).toBe(files['_astro/app.Ab12.css']);
    expect((await raw('/_astro/chunks/island.Cd34.js')).body).toBe(files['_astro/chunks/island.Cd34.js']);
  });

  it('answers a conditional request 304 and HEAD without a body', async () => {
    const first = await raw('/_astro/app.Ab12.css');
    const again = await raw('/_astro/app.Ab12.css', 'GET', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const head = await raw('/_astro/app.Ab12.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(files['_astro/app.Ab12.css']!.length));
    expect(head.body).toBe('');
  });

  it('serves other built files without the year-long cache, and names that need escaping', async () => {
    const robots = await raw('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['cache-control']).not.toContain('immutable');
    expect((await raw('/with%20space.txt')).body).toBe('spaced');
    expect((await raw('/.well-known/security.txt')).body).toBe(files['.well-known/security.txt']);
  });

  it('hands everything else to the app: pages, missing assets, dot-files, other methods', async () => {
    appSaw.length = 0;
    for (const path of ['/people?q=x', '/_astro/missing.css', '/.env', '/_astro/.hidden/x.js', '/_astro/', '/_astro']) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toBe(`app: ${path}`);
    }
    expect((await raw('/_astro/app.Ab12.css', 'POST')).body).toBe('app: /_astro/app.Ab12.css');
    expect(appSaw).toHaveLength(7);
  });

  it('never reaches outside the folder or a hidden file through dots and escapes', async () => {
    for (const path of [
      '/_astro/../.env',
      '/_astro/%2e%2e/.env',
      '/_astro/..%2f.env',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/_astro/app.Ab12.css/../../.env',
      '/_astro/%2Ehidden/x.js',
    ]) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toBe(`app: ${path}`);
    }
  });

  it('answers 400 to a target that is not valid URI encoding, before the app sees it', async () => {
    appSaw.length = 0;
    for (const path of ['/people/%E0%A4%A', '/_astro/%']) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toBe('Bad request.');
    }
    expect(appSaw).toEqual([]);
  });

  it('hands a page to the app at once, with no file-system look-up in between', () => {
    let called = false;
    const handler = withStaticFiles(dir.path, () => {
      called = true;
    });
    handler({ url: '/people/ada', method: 'GET' } as IncomingMessage, {} as ServerResponse);
    expect(called).toBe(true);
  });

  it("answers with the app's 404 when a listed file is gone from under a running server", async () => {
    const gone = makeTempDir('whoknows-static-gone-');
    mkdirSync(join(gone.path, '_astro'));
    writeFileSync(join(gone.path, '_astro', 'old.css'), 'x');
    const other = createServer(withStaticFiles(gone.path, app));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      rmSync(join(gone.path, '_astro', 'old.css'));
      const answer = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/_astro/old.css`);
      expect(answer.status).toBe(404);
      expect(await answer.text()).toBe('app: /_astro/old.css');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
      gone.remove();
    }
  });
});
