/**
 * `npm start`: builds the site when the build is missing or older than the sources,
 * then starts the server (src/server/http/node-server.ts: one process per core by
 * default, see WORKERS), which listens once its start-up work (migrations, demo seed,
 * search indexes) is done, and prints the address.
 *
 * Runs under plain Node (type stripping); it imports Node built-ins only until the
 * build is done, then the server entry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const entry = join(root, 'dist', 'server', 'entry.mjs');
const INPUTS = ['src', 'content', 'db', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function buildIsStale(): boolean {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(root, input)) > built);
}

const started = performance.now();
if (process.env.SKIP_BUILD !== '1' && buildIsStale()) {
  console.log('Building whoknows (first start, or the sources changed)…');
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A cluster primary prints the ready line itself (node-server.ts replaces this process).
process.env.WHOKNOWS_STARTED_AT = String(Date.now() - performance.now() + started);
process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
await import(pathToFileURL(join(root, 'src', 'server', 'http', 'node-server.ts')).href).then(
  (server: typeof import('../http/node-server.ts')) => server.startNodeServer(),
);

// The server listens only once start-up work is done: it answers now.
const url = `http://${process.env.HOST === '0.0.0.0' ? 'localhost' : process.env.HOST}:${process.env.PORT}`;
const response = await fetch(`${url}/healthz`).catch(() => null);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\nwhoknows is ready at ${url} (${seconds} s, health ${response?.status ?? 'unreachable'}). Press Ctrl+C to stop.\n`,
);
