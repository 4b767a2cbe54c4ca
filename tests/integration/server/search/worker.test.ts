import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { searchDeadLetters, searchJobs } from '#db/schema/index.ts';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import type { IndexDefinition, IndexSource, SearchDocument, SearchEngine } from '#server/search/types.ts';
import { OutboxWorker, REBUILD_ENTITY } from '#server/search/worker.ts';

/**
 * The outbox worker against the real outbox tables. The source is a small in-memory
 * "entity table" standing in for a feature's data (the worker only talks to sources
 * through load/allIds), and the engine is the real embedded engine, sometimes behind a
 * switch that makes it fail like an unreachable server.
 */

const definition: IndexDefinition = {
  name: 'lists',
  searchableAttributes: ['title'],
  filterableAttributes: [],
  sortableAttributes: [],
  customRanking: [],
};

class TableSource implements IndexSource {
  definition = definition;
  rows = new Map<string, string>();
  loads: string[][] = [];
  onLoad: ((ids: string[]) => Promise<void>) | undefined;

  async load(ids: string[]): Promise<SearchDocument[]> {
    this.loads.push(ids);
    await this.onLoad?.(ids);
    return ids.filter((id) => this.rows.has(id)).map((id) => ({ id, title: this.rows.get(id)! }));
  }

  async *allIds(): AsyncIterable<string[]> {
    yield [...this.rows.keys()];
  }
}

/** The embedded engine with an on/off switch for outages. */
class FlakyEngine extends EmbeddedEngine {
  down = false;
  override async upsert(index: 'lists', docs: SearchDocument[]) {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:7700');
    return super.upsert(index, docs);
  }
}

let source: TableSource;
let engine: FlakyEngine;
let worker: OutboxWorker;
const titles = async (q: string, e: SearchEngine = engine) => (await e.search('lists', { q })).hits.map((h) => h.id);
const pending = () => getDb().select().from(searchJobs);

beforeEach(async () => {
  await getDb().delete(searchJobs);
  await getDb().delete(searchDeadLetters);
  source = new TableSource();
  engine = new FlakyEngine();
  await engine.applySettings([definition], {});
  worker = new OutboxWorker(engine, { lists: source }, { maxAttempts: 3 });
});

async function change(id: string, title: string | null) {
  await getDb().transaction(async (tx) => {
    if (title === null) source.rows.delete(id);
    else source.rows.set(id, title);
    await enqueueIndexJob(tx, 'lists', id, title === null ? 'delete' : 'upsert');
  });
}

describe('search outbox worker', () => {
  it('applies upserts and deletes, then forgets the jobs', async () => {
    await change('a', 'Rust for beginners');
    await change('b', 'Kubernetes in practice');
    expect(await worker.drain()).toBe(2);
    expect(await titles('rust')).toEqual(['a']);
    expect(await pending()).toEqual([]);
    await change('a', null);
    await worker.drain();
    expect(await titles('rust')).toEqual([]);
  });

  it('collapses repeated changes to one entity into one job', async () => {
    await change('a', 'First title');
    await change('a', 'Second title');
    await change('a', 'Third title');
    expect(await pending()).toHaveLength(1);
    await worker.drain();
    expect(await titles('third')).toEqual(['a']);
    expect(source.loads).toEqual([['a']]);
  });

  it('is idempotent: applying the same job twice gives the same index', async () => {
    await change('a', 'Rust for beginners');
    await worker.drain();
    await enqueueIndexJob(getDb(), 'lists', 'a');
    await worker.drain();
    expect(await titles('rust')).toEqual(['a']);
  });

  it('keeps a change made while its older version was being applied', async () => {
    await change('a', 'Old title');
    source.onLoad = async () => {
      source.onLoad = undefined;
      await change('a', 'Newer title'); // lands between the worker's read and its completion
    };
    await worker.runOnce();
    expect(await pending()).toHaveLength(1);
    await worker.drain();
    expect(await titles('newer')).toEqual(['a']);
    expect(await pending()).toEqual([]);
  });

  it('retries with backoff while the engine is down, and catches up when it is back', async () => {
    await change('a', 'Rust for beginners');
    engine.down = true;
    const now = new Date();
    expect(await worker.runOnce(now)).toEqual({ applied: 0, failed: 1 });
    const [job] = await pending();
    expect(job).toMatchObject({ attempts: 1, lockedUntil: null });
    expect(job!.lastError).toMatch(/ECONNREFUSED/);
    expect(job!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await worker.runOnce(now)).toEqual({ applied: 0, failed: 0 }); // not due yet

    engine.down = false;
    expect(await worker.runOnce(new Date(now.getTime() + 60_000))).toEqual({ applied: 1, failed: 0 });
    expect(await titles('rust')).toEqual(['a']);
  });

  it('parks a job that keeps failing as a dead letter', async () => {
    await change('a', 'Rust for beginners');
    engine.down = true;
    let t = Date.now();
    for (let i = 0; i < 3; i++) {
      await worker.runOnce(new Date(t));
      t += 10 * 60_000;
    }
    expect(await pending()).toEqual([]);
    const dead = await getDb().select().from(searchDeadLetters).where(eq(searchDeadLetters.entityId, 'a'));
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ index: 'lists', attempts: 3 });
  });

  it('loses nothing when the process dies between the write and the index update', async () => {
    // The change commits with its job, then the process "dies" before any worker runs.
    await change('a', 'Survives a crash');
    const persistentEngine = engine; // Meilisearch keeps its data across our restarts
    const afterRestart = new OutboxWorker(persistentEngine, { lists: source });
    expect(await afterRestart.drain()).toBe(1);
    expect(await titles('crash', persistentEngine)).toEqual(['a']);
  });

  it('applies each job once when two workers run at the same time', async () => {
    for (let i = 0; i < 30; i++) await change(`id-${i}`, `Title ${i}`);
    const other = new OutboxWorker(engine, { lists: source });
    await Promise.all([worker.drain(), other.drain()]);
    const loaded = source.loads.flat();
    expect(loaded).toHaveLength(30);
    expect(new Set(loaded).size).toBe(30);
    expect((await engine.search('lists', { q: 'title', hitsPerPage: 100 })).total).toBe(30);
  });

  it('rebuilds a whole index on request', async () => {
    source.rows.set('x', 'Only in the database');
    await enqueueIndexJob(getDb(), 'lists', REBUILD_ENTITY);
    await worker.drain();
    expect(await titles('database')).toEqual(['x']);
  });

  it('fails jobs for an index nobody serves, without losing them', async () => {
    const orphan = new OutboxWorker(engine, {});
    await change('a', 'Nobody indexes me');
    expect(await orphan.runOnce()).toEqual({ applied: 0, failed: 1 });
    expect((await pending())[0]!.lastError).toMatch(/no search source/);
  });
});
