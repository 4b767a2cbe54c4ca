import { createServer, request as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROTLI_ASSET_QUALITY,
  BROTLI_PAGE_QUALITY,
  BROTLI_WINDOW_BITS,
  withCompression,
} from '#server/http/compression.ts';

// A real HTTP server around withCompression, with handlers that end answers the way
// Astro's Node adapter does: a page failing mid-stream writes a last line and destroys
// the response in that write's callback.
let server: Server;
let base = '';

/** Socket writes (each one a syscall) made for the last answer to /counted, once it finished. */
let counted: Promise<number> = Promise.resolve(0);

/** Counts the writes the socket makes from now until the answer finishes. */
function countSocketWrites(res: ServerResponse): Promise<number> {
  const socket = res.socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  let writes = 0;
  const originals = { _write: socket._write, _writev: socket._writev };
  for (const name of ['_write', '_writev'] as const) {
    socket[name] = function counting(this: unknown, ...args: unknown[]) {
      writes++;
      return originals[name].apply(this, args);
    };
  }
  return new Promise((resolve) =>
    res.once('finish', () => {
      Object.assign(socket, originals);
      resolve(writes);
    }),
  );
}

/** 300 KB of text that compresses poorly, so the encoder hands output on before the end. */
const largePage = Array.from({ length: 60 }, (_, i) =>
  Array.from({ length: 5000 }, (_, j) => String.fromCharCode(33 + ((i * 7919 + j * j * 104_729) % 90))).join(''),
);

/** 40 KB of JSON-like text with the variety of a search answer: quality shows in its size. */
const WORDS = ['kubernetes', 'berlin', 'senior', 'rust', 'available', 'mentoring', 'typescript', 'UTC+1', 'postgres'];
const realisticText = JSON.stringify(
  Array.from({ length: 400 }, (_, i) => ({
    handle: `member-${(i * 7919) % 10007}`,
    headline: Array.from({ length: 6 }, (_, j) => WORDS[(i * 31 + j * 17 + ((i * j) % 5)) % WORDS.length]).join(' '),
    level: (i * 13) % 5,
  })),
);

function handler(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/counted') counted = countSocketWrites(res);
  if (req.url === '/answer' || req.url === '/_astro/app.Ab12.js') {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    res.end(realisticText);
    return;
  }
  if (req.url === '/_astro/piped.js') {
    // As `send` serves a build file: piped, so it waits for 'drain' when a write says so.
    res.writeHead(200, { 'content-type': 'application/javascript' });
    Readable.from(largePage.map((part) => Buffer.from(part))).pipe(res);
    return;
  }
  if (req.url?.startsWith('/as?')) {
    // An answer shaped by its query: type, cache control, encoding, size.
    const query = new URL(req.url, 'http://x').searchParams;
    res.setHeader('content-type', query.get('type') ?? 'text/html');
    if (query.get('cache')) res.setHeader('cache-control', query.get('cache')!);
    if (query.get('encoding')) res.setHeader('content-encoding', query.get('encoding')!);
    if (query.get('range')) {
      res.statusCode = 206;
      res.setHeader('content-range', 'bytes 0-4999/20000');
    }
    res.end('x'.repeat(Number(query.get('bytes') ?? 5000)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  if (req.url === '/large') {
    for (const part of largePage) res.write(part);
    res.end();
    return;
  }
  res.write(`<!doctype html><p>${'A page that starts well. '.repeat(200)}</p>`);
  if (req.url === '/fails-mid-stream') {
    res.write('Internal server error', () => res.destroy(new Error('render failed')));
    return;
  }
  res.write('<p>and ends well.</p>', () => res.end());
}

beforeAll(async () => {
  server = createServer(withCompression(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);

describe('withCompression', () => {
  for (const encoding of ['br', 'gzip', 'identity']) {
    it(`ends the connection of a page that fails mid-stream (${encoding}) instead of leaving it open`, async () => {
      const answer = fetch(`${base}/fails-mid-stream`, { headers: { 'accept-encoding': encoding } }).then((r) =>
        r.text(),
      );
      await expect(answer).rejects.toThrow();
    }, 10_000);

    it(`sends a whole streamed answer's ending in one socket write (${encoding})`, async () => {
      const response = await fetch(`${base}/counted`, { headers: { 'accept-encoding': encoding } });
      expect(await response.text()).toContain('and ends well.');
      // A page is held until the handler ends it, then leaves with its headers in one
      // write, compressed or not.
      expect(await counted).toBe(1);
    });

    it(`keeps a large page whole and in order (${encoding})`, async () => {
      const response = await fetch(`${base}/large`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding') ?? 'identity').toBe(encoding);
      expect(await response.text()).toBe(largePage.join(''));
    });

    it(`streams a piped file that waits for the encoder to drain (${encoding})`, async () => {
      const response = await fetch(`${base}/_astro/piped.js`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding') ?? 'identity').toBe(encoding);
      expect(await response.text()).toBe(largePage.join(''));
    });

    it(`runs write callbacks, so a handler that ends in one finishes (${encoding})`, async () => {
      const response = await fetch(`${base}/ends-in-callback`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding') ?? 'identity').toBe(encoding);
      expect(await response.text()).toContain('and ends well.');
    });
  }
});

/** The raw (still compressed) body of a GET, as the server sent it. */
function rawBody(path: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Stands in for Node's ServerResponse methods where only their identity matters. */
class ServerResponseLike {
  write(): boolean {
    return true;
  }
  end(): this {
    return this;
  }
  writeHead(): this {
    return this;
  }
}

/** The window size (WBITS) a brotli stream declares in its first bits (RFC 7932, section 9.1). */
function brotliWindowBits(stream: Buffer): number {
  const bits = stream.readUInt16LE(0);
  if ((bits & 1) === 0) return 16;
  const n = (bits >> 1) & 0b111;
  if (n !== 0) return 17 + n;
  const m = (bits >> 4) & 0b111;
  return m === 0 ? 17 : 8 + m;
}

describe('holding a response', () => {
  it('puts the same functions on every response, not closures made for each one (see compression.ts)', () => {
    const seen: Array<Pick<ServerResponse, 'write' | 'end' | 'writeHead'>> = [];
    const wrapped = withCompression((_req, res) => {
      seen.push({ write: res.write, end: res.end, writeHead: res.writeHead });
    });
    for (let i = 0; i < 2; i++) {
      const req = { url: '/page', headers: {}, method: 'GET' } as IncomingMessage;
      const res = new (class extends Readable {})() as unknown as ServerResponse;
      Object.assign(res, {
        write: ServerResponseLike.prototype.write,
        end: ServerResponseLike.prototype.end,
        writeHead: ServerResponseLike.prototype.writeHead,
      });
      wrapped(req, res);
    }
    expect(seen).toHaveLength(2);
    expect(seen[1]!.write).toBe(seen[0]!.write);
    expect(seen[1]!.end).toBe(seen[0]!.end);
    expect(seen[1]!.writeHead).toBe(seen[0]!.writeHead);
    expect(seen[0]!.write).not.toBe(ServerResponseLike.prototype.write);
  });
});

describe('brotli', () => {
  it('declares the small window (less encoder memory per page) and decodes to the page', async () => {
    expect(BROTLI_WINDOW_BITS).toBe(18);
    const { encoding, body } = await rawBody('/ends-in-callback', 'br');
    expect(encoding).toBe('br');
    expect(brotliWindowBits(body)).toBe(BROTLI_WINDOW_BITS);
    const page = brotliDecompressSync(body).toString();
    expect(page).toContain('A page that starts well.');
    expect(page.endsWith('<p>and ends well.</p>')).toBe(true);
  });
});

describe('brotli quality', () => {
  it('is cheap for answers made per request and thorough for hashed build files, which are cached', async () => {
    expect(BROTLI_PAGE_QUALITY).toBeLessThan(BROTLI_ASSET_QUALITY);
    const page = await rawBody('/answer', 'br');
    const asset = await rawBody('/_astro/app.Ab12.js', 'br');
    expect(brotliDecompressSync(page.body).toString()).toBe(realisticText);
    expect(brotliDecompressSync(asset.body).toString()).toBe(realisticText);
    // The asset's encoder searched harder: the same text comes out smaller.
    expect(asset.body.length).toBeLessThan(page.body.length * 0.95);
  });
});

describe('what is compressed', () => {
  const get = (path: string, acceptEncoding: string, method = 'GET') =>
    fetch(`${base}${path}`, { method, headers: { 'accept-encoding': acceptEncoding } });

  it('sends a page in one piece with its compressed length', async () => {
    const { encoding, body } = await rawBody('/answer', 'br');
    expect(encoding).toBe('br');
    const response = await get('/answer', 'br');
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(await response.text()).toBe(realisticText);
  });

  it("prefers brotli when the client likes both alike, and follows the client's weights", async () => {
    expect((await get('/as?bytes=5000', 'gzip, deflate, br')).headers.get('content-encoding')).toBe('br');
    expect((await get('/as?bytes=5000', 'gzip;q=1, br;q=0.5')).headers.get('content-encoding')).toBe('gzip');
    expect((await get('/as?bytes=5000', 'deflate')).headers.get('content-encoding')).toBeNull();
    expect((await get('/as?bytes=5000', 'identity')).headers.get('content-encoding')).toBeNull();
  });

  it('leaves alone small answers, other types, no-transform, encoded answers and HEAD', async () => {
    const cases: [string, string][] = [
      ['/as?bytes=500', 'under the threshold'],
      ['/as?type=image/png', 'not compressible'],
      ['/as?cache=public,%20no-transform', 'no-transform'],
      ['/as?range=1', 'part of a file'],
    ];
    for (const [path, why] of cases) {
      const response = await get(path, 'br, gzip');
      expect(response.headers.get('content-encoding'), why).toBeNull();
      expect((await response.arrayBuffer()).byteLength, why).toBe(Number(/bytes=(\d+)/.exec(path)?.[1] ?? 5000));
    }
    // An answer the route encoded itself goes out byte for byte as the route wrote it.
    const encoded = await rawBody('/as?encoding=br', 'br, gzip');
    expect(encoded.encoding).toBe('br');
    expect(encoded.body.toString()).toBe('x'.repeat(5000));
    // Only compressible answers vary by Accept-Encoding.
    expect((await get('/as?bytes=500', 'br')).headers.get('vary')).toBe('Accept-Encoding');
    expect((await get('/as?type=image/png', 'br')).headers.get('vary')).toBeNull();
    const head = await get('/as?bytes=5000', 'br', 'HEAD');
    expect(head.headers.get('content-encoding')).toBeNull();
    expect(await head.text()).toBe('');
  });
});
