/**
 * The production HTTP entry: `node src/server/http/node-server.ts` (what `npm start`,
 * the HTTP tests and the benchmark run). A plain Node server in front of Astro's
 * built handler, so that what must happen before Astro reads a request happens here,
 * once, for every route: bodies are limited (body-limit.ts) and answers compressed
 * (compression.ts). With WORKERS above 1 it is a cluster (cluster.ts): this file then
 * runs as the primary and as each server process.
 *
 * A process answers only once its start-up work is done: it first asks itself for
 * /healthz on a private loopback port (which runs migrations, the search index and the
 * rest), then listens on the public one.
 *
 * Runs under plain Node (type stripping): it imports Node built-ins, zod (through the
 * configuration) and the built site in dist/.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AppConfig, loadConfig } from '#server/config.ts';
import { processRole } from '#server/process-role.ts';
import { withBodyLimit } from './body-limit.ts';
import { READY_MESSAGE, runPrimary } from './cluster.ts';
import { withCompression } from './compression.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

const root = fileURLToPath(new URL('../../..', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
/** The built site; `npm run build` writes it. */
export const BUILT_ENTRY = join(root, 'dist', 'server', 'entry.mjs');

/** Loads Astro's request handler (static files, then pages) without letting it start its own server. */
export async function loadAstroHandler(entry = BUILT_ENTRY): Promise<NodeHandler> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const built = (await import(pathToFileURL(entry).href)) as { handler: NodeHandler };
  return built.handler;
}

/** Runs start-up work by asking the handler for /healthz on a private loopback port; returns its status. */
async function warmUp(handler: NodeHandler): Promise<number> {
  const probe = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
  });
  try {
    const { port } = probe.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    await response.arrayBuffer();
    return response.status;
  } finally {
    probe.closeAllConnections();
    probe.close();
  }
}

/** Processes sharing the port: WORKERS, except that an in-memory database cannot be shared. */
function workerCount(settings: AppConfig): number {
  const url = settings.DATABASE_URL;
  const inMemory = url === ':memory:' || url.startsWith('file::memory:') || url === 'file:';
  return inMemory ? 1 : settings.WORKERS;
}

async function listen(server: Server, settings: AppConfig): Promise<void> {
  // A slow client cannot hold a connection open forever while sending a request.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, settings.HOST, () => resolve());
  });
}

/** One server process: start-up work, then (unless it is the builder) listen. */
async function serve(settings: AppConfig): Promise<Server | undefined> {
  const handler = withBodyLimit(withCompression(await loadAstroHandler()));
  const health = await warmUp(handler);
  if (processRole() === 'builder') process.exit(health < 500 ? 0 : 1);
  const server = createServer(handler);
  await listen(server, settings);
  if (cluster.isWorker) process.send?.(READY_MESSAGE);
  else console.log('whoknows: all 1 worker ready');
  return server;
}

/** Starts the server on HOST:PORT (several processes with WORKERS > 1); resolves once every process listens. */
export async function startNodeServer(env: NodeJS.ProcessEnv = process.env): Promise<Server | undefined> {
  let settings: AppConfig;
  try {
    settings = loadConfig(env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const shown = `http://${settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST}:${settings.PORT}`;
  const workers = workerCount(settings);
  if (cluster.isPrimary && workers > 1) {
    try {
      await runPrimary(workers, THIS_FILE);
    } catch (error) {
      // The primary is stopping its processes and exits with an error.
      console.error(`whoknows: ${error instanceof Error ? error.message : error}`);
      return undefined;
    }
    console.log(`whoknows listening on ${shown} (${workers} processes)`);
    return undefined;
  }
  const server = await serve(settings);
  if (cluster.isPrimary) console.log(`whoknows listening on ${shown}`);
  return server;
}

if (process.argv[1] && THIS_FILE === process.argv[1]) await startNodeServer();
