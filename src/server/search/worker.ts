import { dataChanged } from '#server/cache/invalidation.ts';
import { logger } from '#server/log.ts';
import { allDocuments, applyEntities, REBUILD_ENTITY } from './apply.ts';
import { type ClaimedJob, claimDueJobs, completeJob, failJob } from './outbox-store.ts';
import type { IndexSource, SearchEngine, SearchIndexName } from './types.ts';

export { allDocuments, REBUILD_ENTITY };

export interface WorkerOptions {
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
}

const DEFAULTS: WorkerOptions = { batchSize: 200, leaseMs: 60_000, maxAttempts: 8, pollMs: 500 };
const log = logger('search-worker');

/**
 * Applies outbox jobs to the engine: re-reads each changed entity from its source,
 * upserts what exists and removes what does not (so a job is idempotent and its op
 * only informative), then forgets the job. Failures retry with backoff and end up as
 * dead letters.
 */
export class OutboxWorker {
  readonly #options: WorkerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;
  /** A kick arrived during a round: run another one straight after it. */
  #again = false;

  constructor(
    private readonly engine: SearchEngine,
    private readonly sources: Partial<Record<SearchIndexName, IndexSource>>,
    options: Partial<WorkerOptions> = {},
    /** Called before each round; lets the caller (re)apply settings after the engine was down. */
    private readonly beforeRound: () => Promise<void> = async () => {},
    /**
     * Applies the jobs' changes instead of re-reading them here: the change follower of
     * this process (change-follower.ts), which applies every change in the log up to now,
     * these included, so the embedded index is never updated twice for one change.
     */
    private readonly applyVia?: () => Promise<void>,
  ) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Applies one batch of due jobs; returns how many were applied and how many failed. */
  async runOnce(now = new Date()): Promise<{ applied: number; failed: number }> {
    const jobs = await claimDueJobs(now, this.#options.leaseMs, this.#options.batchSize);
    if (jobs.length === 0) return { applied: 0, failed: 0 };
    const byIndex = new Map<SearchIndexName, ClaimedJob[]>();
    for (const job of jobs) byIndex.set(job.index, [...(byIndex.get(job.index) ?? []), job]);
    let applied = 0;
    let failed = 0;
    for (const [index, group] of byIndex) {
      try {
        await this.beforeRound();
        await this.#apply(index, group);
        for (const job of group) await completeJob(job);
        applied += group.length;
        // What searches and cached pages show of this index just changed.
        dataChanged(index);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const job of group) {
          if ((await failJob(job, message, now, this.#options.maxAttempts)) === 'dead') {
            log.error(`gave up on ${index}:${job.entityId} after ${this.#options.maxAttempts} attempts: ${message}`);
          }
        }
        failed += group.length;
        log.warn(`could not apply ${group.length} ${index} job(s), will retry: ${message}`);
      }
    }
    return { applied, failed };
  }

  async #apply(index: SearchIndexName, jobs: ClaimedJob[]): Promise<void> {
    const source = this.sources[index];
    if (!source) throw new Error(`no search source is registered for the ${index} index`);
    if (this.applyVia) return this.applyVia();
    const ids = [...new Set(jobs.map((j) => j.entityId))];
    await applyEntities(this.engine, index, source, ids.includes(REBUILD_ENTITY) ? [REBUILD_ENTITY] : ids);
  }

  /** Applies every job that is due now (tests, CLI); returns how many were applied. */
  async drain(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const { applied, failed } = await this.runOnce(now);
      total += applied;
      if (applied === 0 || failed > 0) return total;
    }
  }

  /** Polls for due jobs until stopped; a round that found work is followed immediately by another. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Runs a round soon (after a write), instead of waiting for the next poll. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  #schedule(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce()
        .catch((error: unknown) => {
          log.error('outbox round failed', error);
          return { applied: 0, failed: 1 };
        })
        .then(({ applied, failed }) => {
          this.#running = undefined;
          const again = this.#again;
          this.#again = false;
          if (!this.#stopped) this.#schedule((applied > 0 || again) && failed === 0 ? 0 : this.#options.pollMs);
        });
    }, delay);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
