import { readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import send from 'send';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Where Astro puts the hashed files it builds; they never change under their name. */
export const ASSETS_PREFIX = '/_astro/';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/*
 * Astro's standalone handler looks every request up in dist/client before rendering it
 * (an lstat, then `send`'s stat on libuv's pool, which fails with an error and its stack
 * for every page): about a tenth of a search request's CPU. What the build wrote there
 * cannot change while a server runs, so it is listed once at start-up, and only a request
 * for one of those files goes to `send`; everything else goes straight to the app.
 */

/**
 * The files under `dir` as URL paths ("/_astro/app.Ab12.css"), read once. Dot-files and
 * dot-folders are left out (never served), except under /.well-known/.
 */
export function listStaticFiles(dir: string): Set<string> {
  const files = new Set<string>();
  const walk = (folder: string, prefix: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // no dist/client (a build with no client files): nothing static
    }
    for (const entry of entries) {
      const hidden = entry.name.startsWith('.') && !(prefix === '/' && entry.name === '.well-known');
      if (hidden) continue;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.add(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '/');
  return files;
}

/** The decoded path of a request target, or null when it is not valid percent-encoding. */
function decodedPath(url: string): string | null {
  const end = url.search(/[?#]/);
  try {
    return decodeURIComponent(end === -1 ? url : url.slice(0, end));
  } catch {
    return null;
  }
}

/**
 * Serves the built client files (`send`: ranges, conditional requests, types, with
 * `/_astro/` files cached for a year as immutable) and hands every other request to
 * `app`. A request target that is not valid URI encoding is answered 400, as Astro's
 * standalone handler did, before anything reads it.
 */
export function withStaticFiles(clientDir: string, app: NodeHandler): NodeHandler {
  const files = listStaticFiles(clientDir);
  return (req, res) => {
    const url = req.url ?? '/';
    try {
      decodeURI(url);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request.');
      return;
    }
    const path = decodedPath(url);
    if (path === null || !files.has(path) || (req.method !== 'GET' && req.method !== 'HEAD')) return app(req, res);
    // `send` decodes what it is given: hand it the listed name, encoded, never the raw target.
    const stream = send(req, path.split('/').map(encodeURIComponent).join('/'), {
      root: clientDir,
      dotfiles: path.startsWith('/.well-known/') ? 'allow' : 'deny',
      index: false,
      ...(path.startsWith(ASSETS_PREFIX) ? { maxAge: YEAR_MS, immutable: true } : {}),
    });
    // Listed at start-up but unreadable now (removed under a running server): the app's 404.
    stream.on('error', () => {
      if (!res.headersSent) app(req, res);
      else res.destroy();
    });
    stream.pipe(res);
  };
}
