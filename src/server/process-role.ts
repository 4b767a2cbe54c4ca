/**
 * What this process does when the server runs as several processes (src/server/http/cluster-primary.mjs).
 *
 * - `single`: the only process; does everything (one worker, the tests, the CLIs).
 * - `builder`: runs first and alone: migrations, the demo seed, the search indexes
 *   brought up to date and saved as snapshots; then it exits, giving back the memory a
 *   rebuild took, and the serving processes load the snapshots.
 * - `leader`: serves, and runs what must run once per site: the search outbox worker,
 *   the scheduled jobs, saving snapshots.
 * - `follower`: serves; keeps its search index current by following the change log.
 */
import { ROLE_VARIABLE } from './http/cluster-primary.mjs';

export type ProcessRole = 'single' | 'builder' | 'leader' | 'follower';

const ROLES: readonly ProcessRole[] = ['single', 'builder', 'leader', 'follower'];

/** The environment variable the cluster primary sets on each process it starts. */
export { ROLE_VARIABLE };

/** This process's role (`single` unless the cluster primary started it). */
export function processRole(): ProcessRole {
  const role = process.env[ROLE_VARIABLE] as ProcessRole | undefined;
  return role && ROLES.includes(role) ? role : 'single';
}

/** Whether this process runs the once-per-site work: the outbox worker, scheduled jobs, periodic snapshots. */
export function runsSiteWork(): boolean {
  const role = processRole();
  return role === 'single' || role === 'leader';
}

/**
 * Whether this process migrates, syncs the catalogue and seeds: the builder, and the
 * leader again (a no-op after the builder, a retry when the builder failed). Followers
 * start beside the leader and leave it alone.
 */
export function preparesDatabase(): boolean {
  return processRole() !== 'follower';
}
