import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request bodies are read here, before Astro sees the request, and never past a limit:
 * 1 MB for every route (forms, actions, JSON), more only where an upload needs it.
 * Astro's adapter would otherwise read any body whole (and its own limit answers 500).
 *
 * A declared Content-Length over the limit is refused at once without reading; a
 * chunked body is counted as it arrives and refused the moment it passes the limit.
 * Either way the answer is 413 and the connection is closed, so the rest is never read.
 */

/** The limit for ordinary requests. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Routes that take more (uploads); matched on the path. None yet. */
const LARGER_LIMITS: { pattern: RegExp; bytes: number }[] = [];

/** The most bytes a request to `path` may send. */
export function bodyLimitFor(path: string): number {
  return LARGER_LIMITS.find((l) => l.pattern.test(path))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/** How much of a refused body is read and thrown away so the client gets to see the 413. */
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 5_000;

/**
 * Answers 413 and closes the connection. Like nginx's lingering close, what the client
 * is still sending is read and dropped (never kept) for a few seconds or 64 MB, so that
 * a browser or client that is still uploading reads the answer instead of a reset.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const megabytes = Math.max(1, Math.round(limit / (1024 * 1024)));
  // No "Connection: close": Node would then shut the socket as soon as the answer is
  // out, and a client still uploading would see a reset instead of the 413.
  res.writeHead(413, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  res.end(`That request was too large: at most ${megabytes} MB can be sent here.\n`);
  let dropped = 0;
  const stop = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) stop();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/**
 * Reads the body of `req` up to `limit` bytes. Resolves with the bytes, or with null
 * after answering 413 (or when the client went away), in which case the caller stops.
 */
export function readBodyWithin(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | null> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    refuseTooLarge(req, res, limit);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        chunks.length = 0;
        refuseTooLarge(req, res, limit);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = () => {
      cleanup();
      resolve(null);
    };
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Methods whose bodies Astro reads; any other request is still refused when it declares too much. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Wraps a Node request handler so that it only ever sees bodies within the limit. The
 * body is handed on as `req.body` (a Buffer), which Astro's adapter uses instead of
 * reading the stream itself.
 */
export function withBodyLimit(handler: Handler): Handler {
  return async (req, res) => {
    const limit = bodyLimitFor((req.url ?? '/').split('?')[0] ?? '/');
    if (!BODY_METHODS.has(req.method ?? 'GET')) {
      const declared = req.headers['content-length'];
      if ((declared !== undefined && Number(declared) > limit) || req.headers['transfer-encoding']) {
        refuseTooLarge(req, res, limit);
        return;
      }
      return handler(req, res);
    }
    const body = await readBodyWithin(req, res, limit);
    if (body === null) return;
    (req as IncomingMessage & { body?: Buffer }).body = body;
    return handler(req, res);
  };
}
