/**
 * The production HTTP entry: `node src/server/http/node-server.ts` (what `npm start`,
 * the HTTP tests and the benchmark run). A plain Node server in front of Astro's
 * built handler, so that what must happen before Astro reads a request happens here,
 * once, for every route: bodies are limited (body-limit.ts), answers compressed
 * (compression.ts) and the built client files served (static-files.ts). With WORKERS above 1 it is a cluster: this process replaces itself
 * with the small primary (cluster-primary.mjs), which runs this file as each server
 * process, listens on the public port itself and passes each connection on
 * (adopted-connections.ts).
 *
 * A process answers only once its start-up work is done: it first asks itself for
 * /healthz on a private loopback port (which runs migrations, the search index and the
 * rest), then listens on the public one (or, as one of several, says it is ready).
 *
 * Imports Node built-ins, zod (through the configuration), `send` and the built site in dist/.
 * `npm run build` also bundles this file into plain JavaScript (server-bundle.ts), which
 * is what `npm start`, the HTTP tests and the benchmark run: a process that loads no
 * .ts file never loads Node's TypeScript stripper. `node src/server/http/node-server.ts`
 * (type stripping) works the same, with that stripper resident in every process.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AppConfig, loadConfig } from '#server/config.ts';
import { processRole } from '#server/process-role.ts';
import { type AdoptedConnections, adoptConnections } from './adopted-connections.ts';
import { withBodyLimit } from './body-limit.ts';
import { PLAN_VARIABLE, type PrimaryPlan, READY_MESSAGE } from './cluster-primary.mjs';
import { withCompression } from './compression.ts';
import { withStaticFiles } from './static-files.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

// The bundle (dist/server/http/node-server.mjs) sits as deep below the project as this file.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const PRIMARY_FILE = fileURLToPath(new URL('./cluster-primary.mjs', import.meta.url));
/** Set by `npm start` (ms since the epoch) so the server can print how long start-up took. */
export const STARTED_AT_VARIABLE = 'WHOKNOWS_STARTED_AT';
/** The built site; `npm run build` writes it. */
export const BUILT_ENTRY = join(root, 'dist', 'server', 'entry.mjs');

/** The built client files (`/_astro/…`), served before Astro sees a request. */
export const CLIENT_DIR = join(root, 'dist', 'client');

/**
 * Loads the built site's request handler: the client files listed at start-up
 * (static-files.ts), then Astro's app (the adapter's middleware mode, which serves no
 * files and starts no server of its own).
 */
export async function loadAstroHandler(entry = BUILT_ENTRY, clientDir = CLIENT_DIR): Promise<NodeHandler> {
  const built = (await import(pathToFileURL(entry).href)) as { handler: NodeHandler };
  return withStaticFiles(clientDir, (req, res) => built.handler(req, res));
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

/** A slow client cannot hold a connection open forever while sending a request. */
function limitSlowRequests(server: Server): void {
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
}

async function listen(server: Server, settings: AppConfig): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, settings.HOST, () => resolve());
  });
}

/** How long a stopping process lets requests in flight finish (the primary waits 10 s before killing). */
export const DRAIN_MS = 8_000;
/** What a server process prints when asked to stop. */
export const DRAINING_MESSAGE = 'whoknows: stopping; finishing the requests in flight';

/**
 * On SIGTERM or SIGINT (a service manager's stop, Ctrl+C, the cluster primary's stop)
 * the process stops taking connections and lets the requests it is answering finish
 * before it exits, within DRAIN_MS: a restart does not cut off a member's form post.
 */
function exitWhenDrained(server: Server, adopted?: AdoptedConnections): void {
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    console.log(DRAINING_MESSAGE);
    // A process given its connections by the primary has no socket of its own to close.
    if (adopted) adopted.whenAllClosed(() => process.exit(0));
    else server.close(() => process.exit(0));
    // Kept-alive connections count until they are idle: close each as its answer ends.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, DRAIN_MS).unref();
  };
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
}

/** One server process: start-up work, then (unless it is the builder) take connections. */
async function serve(settings: AppConfig): Promise<Server | undefined> {
  const handler = withBodyLimit(withCompression(await loadAstroHandler()));
  const health = await warmUp(handler);
  if (processRole() === 'builder') process.exit(health < 500 ? 0 : 1);
  const server = createServer(handler);
  limitSlowRequests(server);
  if (cluster.isWorker) {
    // The primary listens and hands this process its share of the connections.
    exitWhenDrained(server, adoptConnections(server));
    process.send?.(READY_MESSAGE);
    return server;
  }
  await listen(server, settings);
  exitWhenDrained(server);
  console.log('whoknows: all 1 worker ready');
  return server;
}

/**
 * Turns this process into the cluster primary. Where Node can, it replaces the process
 * (same pid, same flags) with `node cluster-primary.mjs`, so the primary holds none of
 * what this one loaded (the TypeScript stripper, zod, the configuration); elsewhere the
 * primary runs here and this resolves once every worker listens. Never returns in the first case.
 */
async function becomePrimary(plan: PrimaryPlan, env: NodeJS.ProcessEnv): Promise<void> {
  const startedAt = env[STARTED_AT_VARIABLE] ? Number(env[STARTED_AT_VARIABLE]) : Number.NaN;
  if (typeof process.execve === 'function') {
    const handed: PrimaryPlan = Number.isFinite(startedAt) ? { ...plan, startedAt } : plan;
    const childEnv: NodeJS.ProcessEnv = { ...process.env, [PLAN_VARIABLE]: JSON.stringify(handed) };
    delete childEnv[STARTED_AT_VARIABLE];
    process.execve(process.execPath, [process.execPath, ...process.execArgv, PRIMARY_FILE], childEnv);
  }
  const primary = await import('./cluster-primary.mjs');
  await primary.runPrimaryProcess(plan);
}

/**
 * Starts the server on HOST:PORT; resolves once it listens. With WORKERS > 1 this process
 * becomes the cluster primary instead (see becomePrimary) and resolves to undefined.
 */
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
    await becomePrimary({ workers, entry: THIS_FILE, address: shown, port: settings.PORT, host: settings.HOST }, env);
    return undefined;
  }
  const server = await serve(settings);
  if (cluster.isPrimary) {
    console.log(`whoknows listening on ${shown}`);
    const startedAt = Number(env[STARTED_AT_VARIABLE]);
    if (startedAt > 0) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(`\nwhoknows is ready at ${shown} (${seconds} s). Press Ctrl+C to stop.\n`);
    }
  }
  return server;
}

if (process.argv[1] && THIS_FILE === process.argv[1]) await startNodeServer();
