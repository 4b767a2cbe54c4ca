import { loadavg } from 'node:os';
import { startServer } from '#tests/helpers/server.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { seedCommunity } from './community.ts';
import { peopleQueryStrings } from './http-queries.ts';
import { alternate, cycle, type Measured, measureOnce } from './measure.ts';
import { treeRss } from './processes.ts';

/** What the server prints once every worker answers. */
const READY = /all \d+ workers? ready/;

/** What the run on a large community measured. */
export interface LargeRun {
  members: number;
  seedMs: number;
  workers: string;
  /** Ready (every worker answering) without a snapshot, then from the snapshot the first start saved. */
  cold: { readyMs: number; rss: number; load: number };
  warm: { readyMs: number; rss: number; load: number };
  /** Searches in the first seconds after the start from the snapshot, before V8 has compiled their code. */
  firstSeconds: Measured;
  /** Searches once the server is warm: what the target is about. */
  search: Measured;
  /** RSS summed over every process after the search runs, and each process's share. */
  rssAfter: { total: number; each: number[] };
}

/** Seconds of searches right after the start, reported on their own. */
export const FIRST_SECONDS = 3;
/**
 * Seconds of searches before the measured rounds. Each search here costs about twice
 * what it does at 10,000 members, so V8 needs longer to see enough of them: the rate
 * settled from about the 8th second after a start (README "Benchmark").
 */
const LARGE_WARM_UP_SECONDS = 10;

/**
 * The `npm start` defaults on a large community: seeds it, starts the server with no
 * snapshot (a rebuild from the database), stops it once the snapshot is saved, starts
 * it again (loading the snapshot), and runs distinct member searches at 10 connections:
 * the first seconds after the start on their own, then, after a warm-up, the measured rounds.
 */
export async function runLarge(members: number, nodeArgs: string[], seconds: number): Promise<LargeRun> {
  const dir = makeTempDir('whoknows-bench-large-');
  try {
    console.log(`\nSeeding ${members.toLocaleString('en')} members for the large run…`);
    const community = await seedCommunity(dir.path, members, 40);
    console.log(`Seeded in ${(community.seedMs / 1000).toFixed(0)} s.`);
    const env = { LOG_LEVEL: 'info', WORKERS: process.env.BENCH_WORKERS ?? '' };
    const startOptions = { dataDir: dir.path, nodeArgs, env, startTimeoutMs: 300_000 };

    let started = performance.now();
    const first = await startServer(startOptions);
    let cold: LargeRun['cold'];
    try {
      await first.waitForOutput(READY, 300_000);
      cold = { readyMs: performance.now() - started, rss: treeRss(first.pid).total, load: loadavg()[0]! };
      await first.waitForOutput(/saved the people index/, 120_000);
    } finally {
      await first.stop();
    }

    started = performance.now();
    const server = await startServer(startOptions);
    try {
      await server.waitForOutput(READY, 300_000);
      const warm = { readyMs: performance.now() - started, rss: treeRss(server.pid).total, load: loadavg()[0]! };
      const workers = /all (\d+) workers? ready/.exec(server.output())?.[1] ?? '1';
      const queries = peopleQueryStrings(community.material, 3000, 11);
      const load = {
        label: 'search JSON',
        base: server.url,
        nextPath: cycle(queries.map((q) => `/api/search/people?${q}`)),
        nextCookie: cycle(community.cookies),
      };
      const firstSeconds = await measureOnce(load, FIRST_SECONDS);
      const [search] = await alternate([load], seconds, 4, LARGE_WARM_UP_SECONDS - FIRST_SECONDS);
      return {
        members,
        seedMs: community.seedMs,
        workers,
        cold,
        warm,
        firstSeconds,
        search: search!,
        rssAfter: treeRss(server.pid),
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}
