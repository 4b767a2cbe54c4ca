/**
 * `npm start`: builds the site when the build is missing or older than the sources,
 * then becomes the server: the plain-JavaScript bundle of src/server/http/node-server.ts
 * that the build writes (dist/server/http/node-server.mjs; one process per core by
 * default, see WORKERS), which listens once its start-up work (migrations, demo seed,
 * search indexes) is done, and prints the address.
 *
 * Runs under plain Node (type stripping) and imports Node built-ins (and the small
 * cluster-primary.mjs, for the server processes' environment defaults). It replaces
 * its own process with the server (process.execve: same pid, same Node options), so
 * that no serving process keeps the TypeScript stripper this file needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverEnvironmentDefaults } from '#server/http/cluster-primary.mjs';

const root = process.cwd();
const entry = join(root, 'dist', 'server', 'entry.mjs');
const server = join(root, 'dist', 'server', 'http', 'node-server.mjs');
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
  if (!existsSync(entry) || !existsSync(server)) return true;
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

if (!existsSync(server)) {
  console.error(`${server} is missing: run \`npm run build\` (or start without SKIP_BUILD=1).`);
  process.exit(1);
}

// The server prints the ready line, with how long start-up took from here.
process.env.WHOKNOWS_STARTED_AT = String(Date.now() - performance.now() + started);
process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
Object.assign(process.env, serverEnvironmentDefaults(process.env));
if (typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, server], process.env);
}
// Where Node cannot replace a process, the server runs here (with the stripper loaded).
const bundle = (await import(pathToFileURL(server).href)) as typeof import('../http/node-server.ts');
await bundle.startNodeServer();
