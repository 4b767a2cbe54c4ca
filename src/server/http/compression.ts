import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants } from 'node:zlib';
import compression from 'compression';
import { ASSETS_PREFIX } from './static-files.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Bodies known to be smaller than this (files, answers with a Content-Length) are sent
 * as they are: they gain less than the work costs. Pages are streamed without a length
 * and always compressed.
 */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * Brotli's window: 2^18 bytes (256 KB) instead of its default 4 MB. Every page we send is
 * far smaller than that, so answers come out byte for byte as small, but each encoder's
 * memory, which Node reports to V8 as external memory, is a fraction: with the default
 * window ten pages in flight made V8 run a full collection every ~20 member profile pages
 * (66 per 1,500 at 10 connections, against 18 with this window: about 1–2 ms of CPU per
 * page; README "Benchmark").
 */
export const BROTLI_WINDOW_BITS = 18;

/**
 * Brotli quality for answers made per request (pages, JSON): quality 1. On our pages it
 * costs a quarter to a third of quality 4's CPU for 12–17% more bytes (/people?q=: 128
 * against 580 µs, 9.7 against 8.7 KB; a profile: 55 against 220 µs, 3.8 against 3.3 KB;
 * a search's JSON: 67 against 210 µs, 3.5 against 3.1 KB), and on a 2-core machine that
 * CPU is every member's wait (README "Benchmark"). Quality 2 and 3 cost more than 4 here.
 */
export const BROTLI_PAGE_QUALITY = 1;

/**
 * Brotli quality for the hashed build files under /_astro/ (CSS, island scripts): each is
 * compressed once per visitor and then cached for a year, so bytes matter more than CPU.
 */
export const BROTLI_ASSET_QUALITY = 5;

/** Gzip level 6 (zlib's default) for clients without brotli. */
const compressWith = (quality: number) =>
  compression({
    threshold: COMPRESSION_THRESHOLD,
    level: 6,
    brotli: {
      params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS },
    },
  });
const compressPage = compressWith(BROTLI_PAGE_QUALITY);
const compressAsset = compressWith(BROTLI_ASSET_QUALITY);

/**
 * Compresses HTML, JSON, CSS, JavaScript, SVG, iCalendar and CSV answers with brotli or
 * gzip as the client's Accept-Encoding prefers (brotli first), adding
 * `Vary: Accept-Encoding`. Answers a route already encoded, answers to HEAD and answers
 * marked `Cache-Control: no-transform` pass through unchanged. Pages carry no standing
 * secret beside text a visitor controls (cross-site writes are refused by origin, not by
 * a token in the page; a calendar feed's address is shown once), so a BREACH-style
 * attacker has nothing to guess at by varying a query.
 */
export function withCompression(handler: NodeHandler): NodeHandler {
  return (req, res) =>
    (req.url?.startsWith(ASSETS_PREFIX) ? compressAsset : compressPage)(req, res, (error?: unknown) => {
      if (error) {
        res.statusCode = 500;
        res.end();
        return;
      }
      keepWriteCallbacks(res);
      sendEndInOneWrite(res);
      handler(req, res);
    });
}

/**
 * `compression` replaces `res.write` with one that drops its callback. Astro's adapter
 * ends a page that fails mid-stream by writing a last line and destroying the response
 * in that callback, so without it the browser waited on an open, silent connection
 * until it gave up. Calls the callback once the chunk has been handed on.
 */
function keepWriteCallbacks(res: ServerResponse): void {
  const write = res.write;
  res.write = function writeWithCallback(
    this: ServerResponse,
    chunk: unknown,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    const written = (write as (chunk: unknown, encoding?: BufferEncoding) => boolean).call(
      this,
      chunk,
      typeof encoding === 'function' ? undefined : encoding,
    );
    if (done) process.nextTick(done);
    return written;
  } as ServerResponse['write'];
}

/**
 * Once the handler ends an answer, the compressor's last output and HTTP's closing chunk
 * go out in one socket write instead of two. The compressor hands its output on from
 * libuv's pool and Node writes the closing "0\r\n\r\n" separately, so every compressed
 * answer cost a second syscall and, on the reading side, a second wake-up (about a fifth
 * of a small page's server time was socket writes; README "Benchmark"). Corking here is
 * undone by Node itself: `end()` fully uncorks the socket, whatever was corked before,
 * and a socket that never sees that end is being destroyed.
 */
function sendEndInOneWrite(res: ServerResponse): void {
  const end = res.end;
  res.end = function endCorked(this: ServerResponse, ...args: Parameters<ServerResponse['end']>) {
    // The socket, not the response: a corked response holds chunks back in its own
    // buffer, which Node's end() flushes after the closing chunk (a broken body).
    if (!this.writableEnded && !this.destroyed) this.socket?.cork();
    return (end as (...a: Parameters<ServerResponse['end']>) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
}
