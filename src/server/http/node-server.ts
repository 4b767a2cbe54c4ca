/**
 * The production HTTP entry: `node src/server/http/node-server.ts` (what `npm start`,
 * the HTTP tests and the benchmark run). A plain Node server in front of Astro's
 * built handler, so that what must happen before Astro reads a request happens here,
 * once, for every route: bodies are limited (body-limit.ts). Compression and several
 * worker processes belong here too when they come.
 *
 * Runs under plain Node (type stripping): it imports Node built-ins, zod (through the
 * configuration) and the built site in dist/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '#server/config.ts';
import { withBodyLimit } from './body-limit.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The built site; `npm run build` writes it. */
export const BUILT_ENTRY = join(root, 'dist', 'server', 'entry.mjs');

/** Loads Astro's request handler (static files, then pages) without letting it start its own server. */
export async function loadAstroHandler(entry = BUILT_ENTRY): Promise<NodeHandler> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const built = (await import(pathToFileURL(entry).href)) as { handler: NodeHandler };
  return built.handler;
}

/** Starts the server on HOST:PORT; resolves once it listens. */
export async function startNodeServer(env: NodeJS.ProcessEnv = process.env) {
  let settings: ReturnType<typeof loadConfig>;
  try {
    settings = loadConfig(env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const handler = withBodyLimit(await loadAstroHandler());
  const server = createServer(handler);
  // A slow client cannot hold a connection open forever while sending a request.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, settings.HOST, () => resolve());
  });
  const shown = settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST;
  console.log(`whoknows listening on http://${shown}:${settings.PORT}`);
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await startNodeServer();
