import cluster, { type Worker } from 'node:cluster';
import { type ProcessRole, ROLE_VARIABLE } from '#server/process-role.ts';

/**
 * The cluster primary: several server processes on one port, so every core serves.
 * It holds no application code (only this file), so it stays small.
 *
 * Start-up: a builder process runs alone first (migrations, demo seed, search indexes
 * brought up to date and saved as snapshots) and exits, which hands the memory a rebuild
 * took back to the system; then one leader and WORKERS − 1 followers start together,
 * each loading the snapshots. Every serving process follows the change log, so a change
 * made through one is searchable through all. A serving process that dies is replaced
 * with the same role.
 */

/** What a worker tells the primary once it listens. */
export const READY_MESSAGE = 'whoknows:ready';

const RESTART_DELAY_MS = 1000;
/** More crashes than this within a minute stop the site rather than restart forever. */
const MAX_CRASHES_PER_MINUTE = 5;
const SHUTDOWN_GRACE_MS = 10_000;

function fork(role: ProcessRole): Worker {
  return cluster.fork({ [ROLE_VARIABLE]: role });
}

function whenReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (message !== READY_MESSAGE) return;
      worker.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`a server process exited during start-up (${signal ?? `code ${code}`})`));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

function whenExited(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.once('exit', (code: number | null) => resolve(code ?? 1)));
}

/**
 * Runs the primary: the builder, then `workers` serving processes of `entry` (this same
 * server entry); resolves once all of them listen.
 */
export async function runPrimary(workers: number, entry: string): Promise<void> {
  cluster.setupPrimary({ exec: entry });
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
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

  const crashes: number[] = [];
  const supervise = (worker: Worker, role: ProcessRole) => {
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes[0]! < now - 60_000) crashes.shift();
      console.error(`whoknows: a ${role} process exited (${signal ?? `code ${code}`})`);
      if (crashes.length > MAX_CRASHES_PER_MINUTE) {
        console.error('whoknows: server processes keep exiting; stopping');
        stop(1);
        return;
      }
      setTimeout(() => {
        if (!stopping) supervise(fork(role), role);
      }, RESTART_DELAY_MS);
    });
  };
  const roles: ProcessRole[] = ['leader', ...Array.from({ length: workers - 1 }, () => 'follower' as const)];
  const started = roles.map((role) => ({ role, worker: fork(role) }));
  try {
    await Promise.all(started.map(({ worker }) => whenReady(worker)));
  } catch (error) {
    stop(1);
    throw error;
  }
  for (const { role, worker } of started) supervise(worker, role);
  console.log(`whoknows: all ${workers} workers ready`);
}
