import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { getDb } from '#db/client.ts';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';
import { processRole, runsSiteWork } from '#server/process-role.ts';
import { ChangeFollower } from './change-follower.ts';
import { type ChangePosition, latestChange, pruneChanges } from './change-log.ts';
import { EmbeddedEngine } from './embedded/engine.ts';
import { SearchQueryError } from './filters.ts';
import { MeiliEngine } from './meilisearch/engine.ts';
import { enqueueIndexJob } from './outbox.ts';
import { indexSources } from './registry.ts';
import { onIndexJobQueued } from './signal.ts';
import {
  DEFAULT_MAX_AGE_MS,
  type IndexStart,
  LOG_RETENTION_MS,
  SnapshotKeeper,
  type SnapshotSettings,
  startIndex,
} from './snapshots.ts';
import { catalogueSynonyms } from './synonyms.ts';
import type {
  EngineHealth,
  IndexDefinition,
  IndexSource,
  SearchEngine,
  SearchIndexName,
  SearchQuery,
  SearchResult,
} from './types.ts';
import { allDocuments, OutboxWorker, REBUILD_ENTITY } from './worker.ts';

/** How often snapshots are saved when their index changed, and the change log pruned. */
const MAINTENANCE_EVERY_MS = 10 * 60_000;
const SNAPSHOT_SAMPLE = 32;

/**
 * The search facade features use: one engine per process (Meilisearch when MEILI_HOST
 * is set, the embedded engine otherwise), its settings, and the outbox worker.
 */

const log = logger('search');
let engine: SearchEngine | undefined;
let worker: OutboxWorker | undefined;
let keeper: SnapshotKeeper | undefined;
let follower: ChangeFollower | undefined;
let maintenance: NodeJS.Timeout | undefined;
let settingsApplied = false;
let lastSettingsAttempt = 0;

/** The configured engine (created on first use). */
export function searchEngine(): SearchEngine {
  if (!engine) {
    const { MEILI_HOST, MEILI_API_KEY, MEILI_INDEX_PREFIX } = config();
    engine = MEILI_HOST
      ? new MeiliEngine({ host: MEILI_HOST, apiKey: MEILI_API_KEY, prefix: MEILI_INDEX_PREFIX })
      : new EmbeddedEngine();
  }
  return engine;
}

function definitions(): IndexDefinition[] {
  return Object.values(indexSources()).map((s) => s.definition);
}

/**
 * Applies index settings if that has not succeeded yet. Retried at most every few
 * seconds, so a search engine that was down at start-up is picked up when it returns.
 */
async function ensureSettings(): Promise<void> {
  if (settingsApplied) return;
  if (Date.now() - lastSettingsAttempt < 5000 && lastSettingsAttempt !== 0)
    throw new Error('search settings not applied yet');
  lastSettingsAttempt = Date.now();
  await searchEngine().applySettings(definitions(), catalogueSynonyms());
  settingsApplied = true;
}

function getWorker(): OutboxWorker {
  if (!worker) {
    const current = searchEngine();
    // With a change follower, the embedded index takes every change from it (once), jobs included.
    const applyVia = follower && current instanceof EmbeddedEngine ? () => follower!.catchUp() : undefined;
    const created = new OutboxWorker(current, indexSources(), {}, ensureSettings, applyVia);
    onIndexJobQueued(() => created.kick());
    worker = created;
  }
  return worker;
}

/** Where the embedded engine keeps its snapshots (see SEARCH_SNAPSHOTS), or null when it does not. */
export function snapshotSettings(): SnapshotSettings | null {
  const { SEARCH_SNAPSHOTS, DATABASE_URL } = config();
  if (SEARCH_SNAPSHOTS === 'off') return null;
  let dir: string;
  if (SEARCH_SNAPSHOTS !== 'auto') dir = resolve(SEARCH_SNAPSHOTS);
  else if (DATABASE_URL.startsWith('file:')) {
    const path = DATABASE_URL.slice('file:'.length).split('?')[0] ?? '';
    if (path === '' || path.startsWith(':memory:')) return null;
    dir = `${resolve(path)}.search`;
  } else dir = resolve('data', 'search-snapshots');
  const database = createHash('sha256').update(DATABASE_URL).digest('hex');
  return { dir, database, maxAgeMs: DEFAULT_MAX_AGE_MS, sample: SNAPSHOT_SAMPLE };
}

function describeStart(start: IndexStart): string {
  return start.from === 'snapshot'
    ? `${start.index}: ${start.documents} documents from the snapshot, ${start.replayed} changed since re-read, ` +
        `${start.corrected} corrected, in ${start.ms} ms`
    : `${start.index}: ${start.documents} documents built from the database (${start.reason}) in ${start.ms} ms`;
}

/**
 * Fills the embedded engine at start: each index from its snapshot when one is usable,
 * else from the database. Returns the change-log position every index is current to.
 * The builder saves what it rebuilt or caught up before it exits; the leader (or the
 * only process) saves soon after start and then keeps the snapshots; followers only read.
 */
async function startEmbedded(current: EmbeddedEngine): Promise<ChangePosition> {
  const settings = snapshotSettings();
  const role = processRole();
  if (role === 'builder' && !settings) return latestChange(); // nothing to hand over: each process builds
  const starts: IndexStart[] = [];
  for (const [index, source] of Object.entries(indexSources()) as [SearchIndexName, IndexSource][]) {
    const start = await startIndex(current, index, source, settings);
    log.info(describeStart(start));
    starts.push(start);
  }
  const position =
    starts.reduce<ChangePosition | null>(
      (lowest, s) => (lowest && lowest.seq <= s.position.seq ? lowest : s.position),
      null,
    ) ?? (await latestChange());
  if (!settings || (role !== 'builder' && !runsSiteWork())) return position;
  keeper = new SnapshotKeeper(
    current,
    starts.map((s) => s.index),
    settings,
    () => follower?.position ?? position,
  );
  for (const start of starts) {
    if (start.from === 'snapshot' && start.replayed === 0 && start.corrected === 0)
      keeper.markSaved(start.index, start.takenAt);
  }
  if (role === 'builder') {
    await keeper.saveChanged();
    return position;
  }
  // Save what was rebuilt or caught up soon, once start-up has answered its first requests.
  const soon = setTimeout(() => void keeper?.saveChanged(), 2000);
  soon.unref();
  return position;
}

/** Saves changed snapshots and prunes the change log, every MAINTENANCE_EVERY_MS. */
function startMaintenance(): void {
  clearInterval(maintenance);
  maintenance = setInterval(() => {
    void keeper?.saveChanged();
    pruneChanges(new Date(Date.now() - LOG_RETENTION_MS)).catch((error: unknown) =>
      log.warn('could not prune the search change log', error),
    );
  }, MAINTENANCE_EVERY_MS);
  maintenance.unref();
}

/**
 * Start-up: settings applied, the embedded engine filled (from its snapshot and the
 * change log, or from the database), the change log followed (this process's index and
 * caches hear of changes made by every process), and, in the process that runs the
 * site's work, the outbox worker (unless SEARCH_WORKER=0) and snapshot upkeep. A search
 * engine that is down does not stop the site from starting.
 */
export async function initSearch(): Promise<void> {
  const current = searchEngine();
  let position: ChangePosition | null = null;
  try {
    await ensureSettings();
    if (current instanceof EmbeddedEngine) position = await startEmbedded(current);
  } catch (error) {
    log.warn(`search engine (${current.name}) is not available yet; pages work, search is degraded until it is`, error);
  }
  if (processRole() === 'builder') return;
  position ??= await latestChange();
  follower = new ChangeFollower(current instanceof EmbeddedEngine ? current : null, indexSources(), position);
  follower.start();
  if (!runsSiteWork()) return;
  if (config().SEARCH_WORKER) getWorker().start();
  startMaintenance();
}

export type SearchOutcome = { ok: true; result: SearchResult } | { ok: false; message: string };

/**
 * Searches an index. Engine failures become `{ ok: false }` so the page can say search
 * is unavailable and still render; a query the index cannot answer (an undeclared
 * filter) is a programming error and throws.
 */
export async function searchIndex(index: SearchIndexName, query: SearchQuery): Promise<SearchOutcome> {
  try {
    await ensureSettings();
    return { ok: true, result: await searchEngine().search(index, query) };
  } catch (error) {
    if (error instanceof SearchQueryError) throw error;
    log.warn(`search in ${index} failed`, error);
    return { ok: false, message: 'Search is temporarily unavailable. Please try again in a moment.' };
  }
}

/** Applies every due outbox job now; for tests and CLIs that must not wait for the poll. */
export async function drainOutbox(): Promise<number> {
  return getWorker().drain();
}

/** Queues a full rebuild of an index, applied by whichever process runs the worker. */
export async function requestRebuild(index: SearchIndexName): Promise<void> {
  await enqueueIndexJob(getDb(), index, REBUILD_ENTITY);
}

/** Rebuilds one index from the database in this process (new index, then swap). */
export async function rebuildIndex(index: SearchIndexName): Promise<void> {
  const source = indexSources()[index];
  if (!source) throw new Error(`no search source is registered for the ${index} index`);
  await ensureSettings();
  await searchEngine().replaceAll(index, allDocuments(source));
}

/** The registered indexes. */
export function searchIndexes(): SearchIndexName[] {
  return Object.keys(indexSources()) as SearchIndexName[];
}

/** Engine status for /healthz. */
export async function searchHealth(): Promise<EngineHealth & { settingsApplied: boolean }> {
  const health = await searchEngine().health();
  return { ...health, ok: health.ok && settingsApplied, settingsApplied };
}

/** Stops the worker and the snapshot upkeep (graceful shutdown, tests). */
export async function stopSearch(): Promise<void> {
  clearInterval(maintenance);
  await follower?.stop();
  await worker?.stop();
  await keeper?.stop();
}
