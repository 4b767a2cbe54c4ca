import { createServer, request as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
      // Compressed, the body comes out of the encoder once the handler ends: body and
      // closing chunk together. Unencoded, the two writes stream as they come, and the
      // second carries the closing chunk with it.
      expect(await counted).toBe(encoding === 'identity' ? 2 : 1);
    });

    it(`keeps a large page whole and in order (${encoding})`, async () => {
      const response = await fetch(`${base}/large`, { headers: { 'accept-encoding': encoding } });
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

/** The window size (WBITS) a brotli stream declares in its first bits (RFC 7932, section 9.1). */
function brotliWindowBits(stream: Buffer): number {
  const bits = stream.readUInt16LE(0);
  if ((bits & 1) === 0) return 16;
  const n = (bits >> 1) & 0b111;
  if (n !== 0) return 17 + n;
  const m = (bits >> 4) & 0b111;
  return m === 0 ? 17 : 8 + m;
}

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
