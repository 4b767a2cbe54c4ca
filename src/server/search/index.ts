import { getDb } from '#db/client.ts';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';
import { EmbeddedEngine } from './embedded/engine.ts';
import { SearchQueryError } from './filters.ts';
import { MeiliEngine } from './meilisearch/engine.ts';
import { enqueueIndexJob } from './outbox.ts';
import { indexSources } from './registry.ts';
import { onIndexJobQueued } from './signal.ts';
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

/**
 * The search facade features use: one engine per process (Meilisearch when MEILI_HOST
 * is set, the embedded engine otherwise), its settings, and the outbox worker.
 */

const log = logger('search');
let engine: SearchEngine | undefined;
let worker: OutboxWorker | undefined;
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
    const created = new OutboxWorker(searchEngine(), indexSources(), {}, ensureSettings);
    onIndexJobQueued(() => created.kick());
    worker = created;
  }
  return worker;
}

/**
 * Start-up: settings applied, the embedded engine filled from the database (it keeps
 * nothing between runs), and the outbox worker started unless SEARCH_WORKER=0.
 * A search engine that is down does not stop the site from starting.
 */
export async function initSearch(): Promise<void> {
  const current = searchEngine();
  try {
    await ensureSettings();
    if (current.name === 'embedded') {
      for (const [index, source] of Object.entries(indexSources()) as [SearchIndexName, IndexSource][]) {
        await current.replaceAll(index, allDocuments(source));
      }
    }
  } catch (error) {
    log.warn(`search engine (${current.name}) is not available yet; pages work, search is degraded until it is`, error);
  }
  if (config().SEARCH_WORKER) getWorker().start();
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

/** Stops the worker (graceful shutdown, tests). */
export async function stopSearch(): Promise<void> {
  await worker?.stop();
}
