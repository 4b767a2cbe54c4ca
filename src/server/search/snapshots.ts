import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { logger } from '#server/log.ts';
import { allDocuments, applyEntities, REBUILD_ENTITY } from './apply.ts';
import { type ChangePosition, changedSince, latestChange, positionStillHolds } from './change-log.ts';
import type { EmbeddedEngine } from './embedded/engine.ts';
import {
  readFileIfPresent,
  releaseBytes,
  removeStaleTemporaries,
  writeFileAtomically,
} from './embedded/snapshot-file.ts';
import { decodeSnapshot, encodeSnapshot, FORMAT_VERSION, readSnapshotMeta } from './embedded/snapshot-format.ts';
import { IndexStore } from './embedded/store.ts';
import { completeJob, pendingEntityIds, pendingJobsFor } from './outbox-store.ts';
import type { IndexSource, SearchIndexName } from './types.ts';

/**
 * Saved copies of the embedded indexes, so a start loads in a second what takes a
 * minute to rebuild from the database with 100,000 members.
 *
 * A snapshot is the index plus a position in the change log (search_changes) and the
 * entities whose outbox jobs were still pending when it was taken. Every change up to
 * that position is either in the snapshot or was pending; every change after it is in
 * the log. So a start loads the snapshot, re-reads from the database the entities
 * changed since (and those that were pending), and is current — whatever happened
 * between, including a crash that lost work applied after the snapshot. A snapshot is
 * ignored, and the index rebuilt from the database, when it is missing, unreadable,
 * corrupt (checksum), of another format, taken under other settings, synonyms or
 * database, older than the log keeps, when the log no longer has its position (the
 * database was replaced), when a rebuild was requested, or when a random sample of its
 * documents disagrees with the database (a deploy that changed how documents are built).
 */

const log = logger('search-snapshot');

export interface SnapshotSettings {
  /** Folder of the snapshot files. */
  dir: string;
  /** Identifies the database (a hash of its URL), so a snapshot is never used with another. */
  database: string;
  /** Snapshots older than this are ignored: the change log is pruned after LOG_RETENTION_MS. */
  maxAgeMs: number;
  /** Documents re-read from the database to check a loaded snapshot. */
  sample: number;
}

/** How long the change log keeps rows; a snapshot must be younger than this to be caught up. */
export const LOG_RETENTION_MS = 7 * 24 * 3600_000;
export const DEFAULT_MAX_AGE_MS = 6 * 24 * 3600_000;
/** More than this share of sampled documents differing means the snapshot is stale as a whole. */
const STALE_SHARE = 0.25;

/** How an index came up at start. */
export type IndexStart =
  | {
      index: SearchIndexName;
      from: 'snapshot';
      documents: number;
      replayed: number;
      corrected: number;
      /** When the snapshot was taken (ms since the epoch). */
      takenAt: number;
      /** Every change up to here is in the index. */
      position: ChangePosition;
      ms: number;
    }
  | {
      index: SearchIndexName;
      from: 'database';
      documents: number;
      reason: string;
      position: ChangePosition;
      ms: number;
    };

/** The file of an index's snapshot. */
export function snapshotPath(settings: SnapshotSettings, index: SearchIndexName): string {
  return join(settings.dir, `${index}.${settings.database.slice(0, 12)}.snapshot`);
}

/** Everything a snapshot must have been taken under to be usable, as one hash. */
export function snapshotKey(engine: EmbeddedEngine, index: SearchIndexName, settings: SnapshotSettings): string {
  const definition = engine.store(index).definition;
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT_VERSION, definition, synonyms: engine.synonyms, db: settings.database }))
    .digest('hex');
}

/** Compares random documents of the index with the database, fixing those that differ; returns how many did. */
async function checkSample(
  engine: EmbeddedEngine,
  index: SearchIndexName,
  source: IndexSource,
  size: number,
): Promise<{ checked: number; differing: number }> {
  const store = engine.store(index);
  const ids = store.documentIds();
  const picked = new Set<string>();
  while (picked.size < Math.min(size, ids.length)) picked.add(ids[Math.floor(Math.random() * ids.length)]!);
  const docs = await source.load([...picked]);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const differing: string[] = [];
  for (const id of picked) {
    const doc = byId.get(id);
    if (!doc) {
      differing.push(id);
      continue;
    }
    const fresh = new IndexStore(store.definition);
    fresh.upsert(doc);
    if (fresh.describe(id) !== store.describe(id)) differing.push(id);
  }
  if (differing.length > 0) await applyEntities(engine, index, source, differing);
  return { checked: picked.size, differing: differing.length };
}

/** Why a snapshot file cannot be used, or the decoded store and its meta. */
async function openSnapshot(
  engine: EmbeddedEngine,
  index: SearchIndexName,
  settings: SnapshotSettings,
): Promise<{ reason: string } | { loaded: ReturnType<typeof decodeSnapshot> }> {
  const bytes = await readFileIfPresent(snapshotPath(settings, index));
  if (!bytes) return { reason: 'no snapshot yet' };
  try {
    const { meta } = readSnapshotMeta(bytes);
    if (meta.key !== snapshotKey(engine, index, settings))
      return { reason: 'the snapshot was taken under other settings' };
    if (Date.now() - meta.createdAt > settings.maxAgeMs) return { reason: 'the snapshot is too old' };
    if (!(await positionStillHolds(meta.watermark)))
      return { reason: 'the database changed under the snapshot (its change log position is gone)' };
    return { loaded: decodeSnapshot(bytes) };
  } catch (error) {
    return { reason: `the snapshot is unreadable (${(error as Error).message})` };
  } finally {
    // The index holds copies of everything it needs (decodeSnapshot).
    releaseBytes(bytes);
  }
}

/**
 * Brings one index up at start: from its snapshot, caught up with the change log, or
 * (when no usable snapshot exists) rebuilt from the database. Rebuild jobs already
 * waiting in the outbox are satisfied by the rebuild and retired, so the worker does not
 * build the same index a second time.
 */
export async function startIndex(
  engine: EmbeddedEngine,
  index: SearchIndexName,
  source: IndexSource,
  settings: SnapshotSettings | null,
): Promise<IndexStart> {
  const started = performance.now();
  const rebuilds = await pendingJobsFor(index, REBUILD_ENTITY);
  let reason = settings ? 'a rebuild was requested' : 'snapshots are off';
  if (settings && rebuilds.length === 0) {
    const opened = await openSnapshot(engine, index, settings);
    if (!('loaded' in opened)) reason = opened.reason;
    else {
      const { meta, store } = opened.loaded;
      const since = await changedSince(index, meta.watermark.seq);
      const replay = [...new Set([...since.entities, ...meta.pending])];
      if (replay.includes(REBUILD_ENTITY)) reason = 'a rebuild was requested after the snapshot';
      else {
        engine.install(index, store);
        await applyEntities(engine, index, source, replay);
        const sample = await checkSample(engine, index, source, settings.sample);
        if (sample.differing <= sample.checked * STALE_SHARE) {
          return {
            index,
            from: 'snapshot',
            documents: engine.store(index).size,
            replayed: replay.length,
            corrected: sample.differing,
            takenAt: meta.createdAt,
            position: since.upTo,
            ms: Math.round(performance.now() - started),
          };
        }
        reason = `${sample.differing} of ${sample.checked} sampled documents differ from the database`;
      }
    }
  }
  // Changes committed while the rebuild reads are re-applied from here (harmless when already read).
  const position = await latestChange();
  await engine.replaceAll(index, allDocuments(source));
  for (const job of rebuilds) await completeJob(job);
  return {
    index,
    from: 'database',
    documents: engine.store(index).size,
    reason,
    position,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Saves an index's snapshot. The log position and pending jobs are read first, the
 * index serialised after, in one synchronous step: whatever the worker applies
 * meanwhile is then in the snapshot or still ahead of its position. With `position`
 * (this process's change follower), the position is the one the index is known to be
 * current to, read in that same synchronous step.
 */
export async function saveSnapshot(
  engine: EmbeddedEngine,
  index: SearchIndexName,
  settings: SnapshotSettings,
  position?: () => ChangePosition,
): Promise<{ version: number; store: IndexStore; bytes: number }> {
  let watermark = position ? null : await latestChange();
  const pending = await pendingEntityIds(index);
  watermark ??= position!();
  const store = engine.store(index);
  const version = store.version;
  const chunks = encodeSnapshot(store, {
    index,
    key: snapshotKey(engine, index, settings),
    watermark,
    pending: [...new Set(pending)],
    createdAt: Date.now(),
    documents: store.size,
  });
  const path = snapshotPath(settings, index);
  await writeFileAtomically(path, chunks);
  await removeStaleTemporaries(path);
  return { version, store, bytes: chunks.reduce((sum, c) => sum + c.byteLength, 0) };
}

/** Saves the snapshots of indexes that changed since their last save, and those getting old; never two at once. */
export class SnapshotKeeper {
  #saved = new Map<SearchIndexName, { store: IndexStore; version: number; at: number }>();
  #busy: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly indexes: SearchIndexName[],
    private readonly settings: SnapshotSettings,
    /** Where the index is current to (the change follower's position), when known. */
    private readonly position?: () => ChangePosition,
  ) {}

  /** Records that an index is in its snapshot (taken at `takenAt`) as it is now: it was just loaded from it. */
  markSaved(index: SearchIndexName, takenAt: number): void {
    const store = this.engine.store(index);
    this.#saved.set(index, { store, version: store.version, at: takenAt });
  }

  /** Saves every index whose snapshot is behind; errors are logged, not thrown. */
  saveChanged(): Promise<void> {
    this.#busy ??= this.#saveChanged().finally(() => {
      this.#busy = undefined;
    });
    return this.#busy;
  }

  async #saveChanged(): Promise<void> {
    for (const index of this.indexes) {
      const store = this.engine.store(index);
      const saved = this.#saved.get(index);
      const stale = saved && Date.now() - saved.at > this.settings.maxAgeMs / 2;
      if (saved && saved.store === store && saved.version === store.version && !stale) continue;
      try {
        const started = performance.now();
        const result = await saveSnapshot(this.engine, index, this.settings, this.position);
        this.#saved.set(index, { store: result.store, version: result.version, at: Date.now() });
        log.info(
          `saved the ${index} index (${store.size} documents, ${(result.bytes / 1e6).toFixed(1)} MB) ` +
            `in ${Math.round(performance.now() - started)} ms`,
        );
      } catch (error) {
        log.warn(`could not save the ${index} index snapshot; the next start rebuilds or catches up instead`, error);
      }
    }
  }

  /** Checks every `everyMs` (timer unref'd: it never keeps the process alive). */
  start(everyMs: number): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.saveChanged(), everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#busy;
  }
}
