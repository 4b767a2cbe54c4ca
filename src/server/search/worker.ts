import { dataChanged } from '#server/cache/invalidation.ts';
import { logger } from '#server/log.ts';
import { type ClaimedJob, claimDueJobs, completeJob, failJob } from './outbox-store.ts';
import type { IndexSource, SearchDocument, SearchEngine, SearchIndexName } from './types.ts';

/** An outbox job with this entity id asks for a full rebuild of its index. */
export const REBUILD_ENTITY = '*';

export interface WorkerOptions {
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
}

const DEFAULTS: WorkerOptions = { batchSize: 200, leaseMs: 60_000, maxAttempts: 8, pollMs: 500 };
const log = logger('search-worker');

/** Every document of a source, batch by batch. */
export async function* allDocuments(source: IndexSource): AsyncIterable<SearchDocument[]> {
  for await (const ids of source.allIds()) yield await source.load(ids);
}

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
    if (jobs.some((j) => j.entityId === REBUILD_ENTITY)) {
      await this.engine.replaceAll(index, allDocuments(source));
      return;
    }
    const ids = [...new Set(jobs.map((j) => j.entityId))];
    const docs = await source.load(ids);
    const present = new Set(docs.map((d) => d.id));
    await this.engine.upsert(index, docs);
    await this.engine.remove(
      index,
      ids.filter((id) => !present.has(id)),
    );
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
