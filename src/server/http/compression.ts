import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type BrotliOptions,
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createGzip,
  gzipSync,
  type ZlibOptions,
} from 'node:zlib';
import compressible from 'compressible';
import Negotiator from 'negotiator';
import vary from 'vary';
import { ASSETS_PREFIX } from './static-files.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;
type Encoding = 'br' | 'gzip';
type WriteCallback = (error?: Error | null) => void;
/** Node's own write and end, called on the response with a Buffer (or nothing). */
type RawWrite = (this: ServerResponse, chunk: Buffer) => boolean;
type RawEnd = (this: ServerResponse, chunk?: Buffer) => ServerResponse;
/** negotiator 0.6.4 takes the server's preference for ties; its types predate that argument. */
type EncodingNegotiator = { encoding(available: string[], preferred: string[]): string | undefined };

/** Bodies smaller than this are sent as they are: they gain less than the work costs. */
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

/**
 * Answers up to this size are collected whole and compressed in one call on the main
 * thread; larger ones (a member's data export, a big file) are compressed as a stream on
 * libuv's pool as they are written. At quality 1 a whole page costs less in one call
 * than the stream's bookkeeping alone: 35 against 46 µs of main-thread CPU for a search's
 * 16 KB of JSON, and 37 against 141 µs in all, because handing each answer to the pool
 * and back cost more than compressing it (and on a busy 2-core machine, the pool thread
 * it wakes takes the core the main thread was using). README "Benchmark".
 */
export const WHOLE_BODY_LIMIT = 128 * 1024;

/** Gzip level 6 (zlib's default) for clients without brotli. */
const GZIP: ZlibOptions = { level: 6 };
const brotli = (quality: number): BrotliOptions => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS },
});
const BROTLI_PAGE = brotli(BROTLI_PAGE_QUALITY);
const BROTLI_ASSET = brotli(BROTLI_ASSET_QUALITY);

/** What we offer, best first (Negotiator picks the client's preference among them, ties to ours). */
const ENCODINGS = ['br', 'gzip', 'identity'];
const PREFERRED = ['br', 'gzip'];

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/**
 * Whether an answer may be encoded at all, once its headers are known: a compressible
 * type, not marked no-transform, not already encoded. Such answers vary by
 * Accept-Encoding whatever their size.
 */
function mayEncode(res: ServerResponse): boolean {
  const type = res.getHeader('Content-Type');
  if (typeof type !== 'string' || !compressible(type)) return false;
  if (NO_TRANSFORM.test(String(res.getHeader('Cache-Control') ?? ''))) return false;
  const current = res.getHeader('Content-Encoding');
  return current === undefined || current === 'identity';
}

/** The encoding for an answer of `length` bytes (unknown: null), or null to send it as it is. */
function chooseEncoding(req: IncomingMessage, res: ServerResponse, length: number | null): Encoding | null {
  if (!mayEncode(res)) return null;
  vary(res, 'Accept-Encoding');
  if (req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return null;
  // Part of a file (a Range request): its Content-Range counts bytes of the file as it is.
  if (res.statusCode === 206 || res.hasHeader('Content-Range')) return null;
  const declared = Number(res.getHeader('Content-Length'));
  if ((length ?? declared) < COMPRESSION_THRESHOLD) return null;
  if (!req.headers['accept-encoding']) return null;
  const chosen = (new Negotiator(req) as unknown as EncodingNegotiator).encoding(ENCODINGS, PREFERRED);
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

const toBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer => {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
  const bytes = chunk as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

/**
 * Compresses HTML, JSON, CSS, JavaScript, SVG, iCalendar and CSV answers (any type
 * mime-db calls compressible) with brotli or gzip as the client's Accept-Encoding
 * prefers (brotli on a tie), adding `Vary: Accept-Encoding`. Answers a route already
 * encoded, answers to HEAD, answers under 1 KB and answers marked
 * `Cache-Control: no-transform` pass through unchanged. Pages carry no standing secret
 * beside text a visitor controls (cross-site writes are refused by origin, not by a token
 * in the page; a calendar feed's address is shown once), so a BREACH-style attacker has
 * nothing to guess at by varying a query.
 */
export function withCompression(handler: NodeHandler): NodeHandler {
  return (req, res) => {
    new CompressedAnswer(req, res);
    return handler(req, res);
  };
}

/** The answer a response is held by, while its writes go through it. */
const ANSWER = Symbol('whoknows.compressedAnswer');

type HeldResponse = ServerResponse & { [ANSWER]?: CompressedAnswer };

/*
 * The response's writeHead, write and end are replaced by these module-level functions,
 * which find their answer on the response, and not by closures made per request: closures
 * stored into the response's properties were promoted to the old generation with all they
 * reach (the request, the response, the body held back), about 8 KB a request, measured
 * with V8's allocation-site pretenuring on (README "Benchmark"). Shared functions cost
 * nothing per request, whatever V8 decides.
 */

function heldWriteHead(this: HeldResponse, status: number, ...rest: unknown[]): ServerResponse {
  return this[ANSWER]!.writeHead(status, rest);
}

function compressedWrite(
  this: HeldResponse,
  chunk: unknown,
  encoding?: BufferEncoding | WriteCallback,
  callback?: WriteCallback,
): boolean {
  const done = typeof encoding === 'function' ? encoding : callback;
  const written = this[ANSWER]!.take(chunk, typeof encoding === 'function' ? undefined : encoding);
  if (done) process.nextTick(done);
  return written;
}

function compressedEnd(this: HeldResponse, ...args: unknown[]): ServerResponse {
  const done = args.find((a): a is () => void => typeof a === 'function');
  const chunk = typeof args[0] === 'function' ? undefined : args[0];
  const encoding = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
  if (done) this.once('finish', done);
  this[ANSWER]!.finish(chunk, encoding);
  return this;
}

/** A response closed early (the client left, or a failed page was destroyed) sends nothing more. */
function closedEarly(this: HeldResponse): void {
  this[ANSWER]?.drop();
}

/**
 * One answer on its way out. Until the handler ends it or it outgrows WHOLE_BODY_LIMIT,
 * its status, headers and body are held back; then it is sent compressed in one piece,
 * or from then on streamed through an encoder, or (not compressible) as it was written.
 * Write callbacks run once a chunk has been taken: Astro's adapter ends a page that fails
 * mid-stream by writing a last line and destroying the response in that callback.
 */
class CompressedAnswer {
  readonly #req: IncomingMessage;
  readonly #res: HeldResponse;
  readonly #write: RawWrite;
  readonly #end: RawEnd;
  readonly #writeHead: ServerResponse['writeHead'];
  readonly #asset: boolean;
  #chunks: Buffer[] = [];
  #length = 0;
  /** Collecting the body; once false, writes go to `#encoder` or straight out. */
  #holding = true;
  #encoder: ReturnType<typeof createGzip> | null = null;

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.#req = req;
    this.#res = res;
    this.#write = res.write as unknown as RawWrite;
    this.#end = res.end as unknown as RawEnd;
    this.#writeHead = res.writeHead;
    // Build files are compressed harder, so on the pool as a stream, never on the main thread.
    this.#asset = req.url?.startsWith(ASSETS_PREFIX) ?? false;
    this.#res[ANSWER] = this;
    res.writeHead = heldWriteHead as ServerResponse['writeHead'];
    res.write = compressedWrite as ServerResponse['write'];
    res.end = compressedEnd as ServerResponse['end'];
    res.once('close', closedEarly);
  }

  /** writeHead while held: kept for later; once streaming, Node's own. */
  writeHead(status: number, rest: unknown[]): ServerResponse {
    if (!this.#holding) return this.#writeHead.call(this.#res, status, ...(rest as [OutgoingHttpHeaders]));
    this.#keepHead(status, rest);
    return this.#res;
  }

  drop(): void {
    this.#chunks = [];
    this.#encoder?.destroy();
  }

  /** writeHead(status[, reason][, headers]) while held: applied to the response, sent later. */
  #keepHead(status: number, rest: unknown[]): void {
    const res = this.#res;
    res.statusCode = status;
    if (typeof rest[0] === 'string') res.statusMessage = rest[0];
    const headers = typeof rest[0] === 'string' ? rest[1] : rest[0];
    if (Array.isArray(headers)) {
      // The raw form: [name, value, name, value, …].
      for (let i = 0; i + 1 < headers.length; i += 2) res.appendHeader(String(headers[i]), headers[i + 1] as string);
    } else if (headers && typeof headers === 'object') {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
  }

  take(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.#res.writableEnded || this.#res.destroyed) return false;
    if (chunk === undefined || chunk === null) return true;
    const buffer = toBuffer(chunk, encoding);
    if (!this.#holding) return this.#pass(buffer);
    this.#chunks.push(buffer);
    this.#length += buffer.length;
    if (this.#asset || this.#length > WHOLE_BODY_LIMIT) this.#startStreaming();
    return true;
  }

  #pass(buffer: Buffer): boolean {
    const encoder = this.#encoder;
    if (!encoder) return this.#write.call(this.#res, buffer);
    if (encoder.write(buffer)) return true;
    // A writer that waits for the response's 'drain' (a piped file) waits for the encoder's.
    encoder.once('drain', () => this.#res.emit('drain'));
    return false;
  }

  /** From here on the body streams: through an encoder if it is to be compressed, else as written. */
  #startStreaming(): void {
    const res = this.#res;
    this.#holding = false;
    res.writeHead = this.#writeHead;
    const encoding = chooseEncoding(this.#req, res, null);
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
      res.removeHeader('Content-Length');
      const encoder =
        encoding === 'br' ? createBrotliCompress(this.#asset ? BROTLI_ASSET : BROTLI_PAGE) : createGzip(GZIP);
      this.#encoder = encoder;
      encoder.on('data', (data: Buffer) => {
        if (!this.#write.call(res, data)) encoder.pause();
      });
      res.on('drain', () => encoder.resume());
      encoder.on('end', () => {
        // The encoder's last output and HTTP's closing chunk in one socket write, not two.
        if (!res.destroyed) res.socket?.cork();
        this.#end.call(res);
      });
      encoder.on('error', (error) => res.destroy(error));
    }
    const held = this.#chunks;
    this.#chunks = [];
    for (const buffer of held) this.#pass(buffer);
  }

  finish(chunk: unknown, encoding?: BufferEncoding): void {
    const res = this.#res;
    if (chunk !== undefined && chunk !== null) this.take(chunk, encoding);
    if (res.destroyed) return;
    if (!this.#holding) {
      if (this.#encoder) this.#encoder.end();
      else this.#end.call(res);
      return;
    }
    this.#holding = false;
    res.writeHead = this.#writeHead;
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [];
    const chosen = chooseEncoding(this.#req, res, body.length);
    if (!chosen) {
      if (body.length > 0) this.#end.call(res, body);
      else this.#end.call(res);
      return;
    }
    const encoded = chosen === 'br' ? brotliCompressSync(body, BROTLI_PAGE) : gzipSync(body, GZIP);
    res.setHeader('Content-Encoding', chosen);
    res.setHeader('Content-Length', encoded.length);
    this.#end.call(res, encoded);
  }
}
