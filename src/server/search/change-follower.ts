import { type ChangeTopic, dataChanged } from '#server/cache/invalidation.ts';
import { logger } from '#server/log.ts';
import { applyEntities } from './apply.ts';
import { type ChangePosition, changesAfter, positionAfter } from './change-log.ts';
import type { IndexSource, SearchEngine, SearchIndexName } from './types.ts';

const log = logger('search-follower');
const BATCH = 1000;
const DEFAULT_POLL_MS = 250;
/** A failing poll is logged at most this often. */
const LOG_EVERY_MS = 60_000;

/**
 * Follows the change log (search_changes), which every change that search sees writes
 * in its own transaction, whichever process made it: for each new row it re-reads the
 * entity into this process's embedded index (when there is one) and tells this
 * process's caches (dataChanged). So a change made through one server process is
 * searchable, and cached pages are dropped, in every other within a poll interval.
 * Rounds never overlap; a round that fails is retried from the same position.
 */
export class ChangeFollower {
  #position: ChangePosition;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  #lastFailureLogged = 0;

  constructor(
    /** The embedded engine to keep current, or null when the engine is shared (Meilisearch). */
    private readonly engine: SearchEngine | null,
    private readonly sources: Partial<Record<SearchIndexName, IndexSource>>,
    /** Every change up to here is already in the engine. */
    position: ChangePosition,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {
    this.#position = position;
  }

  /** Every change up to here has been applied. */
  get position(): ChangePosition {
    return this.#position;
  }

  /** Applies every change logged so far (after any round already running); rejects when a round fails. */
  catchUp(): Promise<void> {
    const round = this.#chain.then(() => this.#round());
    this.#chain = round.catch(() => undefined);
    return round;
  }

  async #round(): Promise<void> {
    for (;;) {
      const rows = await changesAfter(this.#position.seq, BATCH);
      if (rows.length === 0) return;
      const byIndex = new Map<SearchIndexName, Set<string>>();
      for (const row of rows) byIndex.set(row.index, (byIndex.get(row.index) ?? new Set()).add(row.entityId));
      for (const [index, ids] of byIndex) {
        const source = this.sources[index];
        if (this.engine && source) await applyEntities(this.engine, index, source, [...ids]);
      }
      this.#position = positionAfter(rows[rows.length - 1]!);
      // A member's skills changing is also what makes the catalogue's skills and usage change.
      const topics = new Set<ChangeTopic>(byIndex.keys());
      if (topics.has('people')) topics.add('skills');
      dataChanged(...topics);
      if (rows.length < BATCH) return;
    }
  }

  /** Polls every `pollMs` until stopped (timer unref'd). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.catchUp()
        .catch((error: unknown) => {
          if (Date.now() - this.#lastFailureLogged < LOG_EVERY_MS) return;
          this.#lastFailureLogged = Date.now();
          log.warn('could not follow the search change log; retrying', error);
        })
        .finally(() => {
          if (!this.#stopped) this.#schedule();
        });
    }, this.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#chain;
  }
}
