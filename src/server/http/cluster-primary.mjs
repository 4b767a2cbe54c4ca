// @ts-check
import cluster from 'node:cluster';
import { connectionBalancer } from './connection-balancer.mjs';

/**
 * The cluster primary: several server processes on one port, so every core serves.
 *
 * Plain JavaScript on purpose, importing only Node's own modules and
 * connection-balancer.mjs (the build copies both beside the bundled server entry,
 * dist/server/http/): the server entry replaces
 * its own process with `node cluster-primary.mjs` (process.execve) before it becomes the
 * primary, so the primary never loads Node's TypeScript stripper (about 19 MB resident,
 * WebAssembly), zod (about 19 MB) or any application code. Measured: about 40 MB
 * resident instead of 97 MB.
 *
 * Start-up: a builder process runs alone first (migrations, demo seed, search indexes
 * brought up to date and saved as snapshots) and exits, which hands the memory a rebuild
 * took back to the system; then one leader and WORKERS − 1 followers start together,
 * each loading the snapshots. Every serving process follows the change log, so a change
 * made through one is searchable through all. A serving process that dies is replaced
 * with the same role. The primary listens on the public address and passes each
 * connection to the serving process with the fewest open (connection-balancer.mjs).
 */

/** What a worker tells the primary once it can take connections. */
export const READY_MESSAGE = 'whoknows:ready';
/** The environment variable the primary sets on each process it starts (read by process-role.ts). */
export const ROLE_VARIABLE = 'WHOKNOWS_PROCESS_ROLE';
/** The environment variable that hands the primary its plan (JSON) across process.execve. */
export const PLAN_VARIABLE = 'WHOKNOWS_CLUSTER_PLAN';

/**
 * Environment defaults of every server process (a variable already set wins). glibc
 * gives threads that allocate (compression, file and database work on the libuv pool)
 * malloc arenas of their own, up to eight per core, and each keeps what was freed in
 * it; two arenas measured about 20 MB less resident memory per server process at
 * 100,000 members after the benchmark's searches, for no measurable CPU.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Record<string, string>}
 */
export function serverEnvironmentDefaults(env) {
  return { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

/**
 * @typedef {object} PrimaryPlan
 * @property {number} workers serving processes to run
 * @property {string} entry the server entry each process runs (node-server.ts, or its bundle in dist/)
 * @property {string} address the public address, for the ready line
 * @property {number} port the port to listen on
 * @property {string} host the address to listen on
 * @property {number} [startedAt] when `npm start` began (ms since the epoch), for its ready line
 */

/** @typedef {'builder' | 'leader' | 'follower'} Role */

const RESTART_DELAY_MS = 1000;
/** More crashes than this within a minute stop the site rather than restart forever. */
const MAX_CRASHES_PER_MINUTE = 5;
const SHUTDOWN_GRACE_MS = 10_000;

/** @param {Role} role */
function fork(role) {
  // glibc reads MALLOC_ARENA_MAX when a process starts: the primary sets it for the processes it starts.
  return cluster.fork({ ...serverEnvironmentDefaults(process.env), [ROLE_VARIABLE]: role });
}

/** @param {import('node:cluster').Worker} worker @returns {Promise<void>} */
function whenReady(worker) {
  return new Promise((resolve, reject) => {
    /** @param {unknown} message */
    const onMessage = (message) => {
      if (message !== READY_MESSAGE) return;
      worker.off('exit', onExit);
      resolve();
    };
    /** @param {number | null} code @param {string | null} signal */
    const onExit = (code, signal) =>
      reject(new Error(`a server process exited during start-up (${signal ?? `code ${code}`})`));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** @param {import('node:cluster').Worker} worker @returns {Promise<number>} */
function whenExited(worker) {
  return new Promise((resolve) => worker.once('exit', (/** @type {number | null} */ code) => resolve(code ?? 1)));
}

/**
 * Runs the primary: the builder, then `plan.workers` serving processes of `plan.entry`;
 * resolves once all of them are ready and the primary listens for them, rejects (after
 * stopping them) when one exits first or the address cannot be bound.
 * @param {PrimaryPlan} plan
 * @returns {Promise<void>}
 */
export async function runPrimary(plan) {
  cluster.setupPrimary({ exec: plan.entry });
  const balancer = connectionBalancer();
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    balancer.close();
    const running = Object.values(cluster.workers ?? {}).filter(
      /** @returns {w is import('node:cluster').Worker} */ (w) => w !== undefined,
    );
    for (const worker of running) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const worker of running) worker.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    void Promise.all(running.map(whenExited)).then(() => process.exit(code));
  };
  process.once('SIGTERM', () => stop());
  process.once('SIGINT', () => stop());

  const builderCode = await whenExited(fork('builder'));
  if (builderCode !== 0 && !stopping)
    console.error(`whoknows: start-up work failed (code ${builderCode}); the server processes will retry it`);

  /** @type {number[]} */
  const crashes = [];
  /** @param {import('node:cluster').Worker} worker @param {Role} role */
  const supervise = (worker, role) => {
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (/** @type {number} */ (crashes[0]) < now - 60_000) crashes.shift();
      console.error(`whoknows: a ${role} process exited (${signal ?? `code ${code}`})`);
      if (crashes.length > MAX_CRASHES_PER_MINUTE) {
        console.error('whoknows: server processes keep exiting; stopping');
        stop(1);
        return;
      }
      setTimeout(() => {
        if (stopping) return;
        const replacement = fork(role);
        supervise(replacement, role);
        whenReady(replacement).then(
          () => balancer.add(replacement),
          () => undefined, // its exit is counted by supervise
        );
      }, RESTART_DELAY_MS);
    });
  };
  /** @type {Role[]} */
  const roles = ['leader', ...Array.from({ length: plan.workers - 1 }, () => /** @type {const} */ ('follower'))];
  const started = roles.map((role) => ({ role, worker: fork(role) }));
  try {
    await Promise.all(started.map(({ worker }) => whenReady(worker)));
    for (const { worker } of started) balancer.add(worker);
    await balancer.listen(plan.port, plan.host);
  } catch (error) {
    stop(1);
    throw error;
  }
  for (const { role, worker } of started) supervise(worker, role);
  console.log(`whoknows: all ${plan.workers} workers ready`);
}

/**
 * Runs the primary with its ready lines: the one the server prints, and `npm start`'s
 * (when `plan.startedAt` says it started us). Exits with an error when start-up fails.
 * @param {PrimaryPlan} plan
 */
export async function runPrimaryProcess(plan) {
  try {
    await runPrimary(plan);
  } catch (error) {
    // The primary is stopping its processes and exits with an error.
    console.error(`whoknows: ${error instanceof Error ? error.message : error}`);
    return;
  }
  console.log(`whoknows listening on ${plan.address} (${plan.workers} processes)`);
  if (plan.startedAt !== undefined) {
    const seconds = ((Date.now() - plan.startedAt) / 1000).toFixed(1);
    console.log(`\nwhoknows is ready at ${plan.address} (${seconds} s). Press Ctrl+C to stop.\n`);
  }
}

const planText = process.env[PLAN_VARIABLE];
if (cluster.isPrimary && planText && process.argv[1] && import.meta.filename === process.argv[1]) {
  // The workers must not see the plan (they would not, but nothing else should either).
  delete process.env[PLAN_VARIABLE];
  void runPrimaryProcess(JSON.parse(planText));
}
