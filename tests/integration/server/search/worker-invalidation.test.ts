import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { searchJobs } from '#db/schema/index.ts';
import { onDataChanged } from '#server/cache/invalidation.ts';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import type { IndexSource } from '#server/search/types.ts';
import { OutboxWorker } from '#server/search/worker.ts';

const source: IndexSource = {
  definition: {
    name: 'lists',
    searchableAttributes: ['title'],
    filterableAttributes: [],
    sortableAttributes: [],
    customRanking: [],
  },
  load: async (ids) => ids.map((id) => ({ id, title: `List ${id}` })),
  allIds: async function* () {},
};

describe('caches and the search outbox', () => {
  it('hear about a change once the worker applied it, and not before', async () => {
    await getDb().delete(searchJobs);
    const engine = new EmbeddedEngine();
    await engine.applySettings([source.definition], {});
    const worker = new OutboxWorker(engine, { lists: source });
    let heard = 0;
    const stop = onDataChanged(['lists'], () => heard++);
    try {
      await enqueueIndexJob(getDb(), 'lists', 'a');
      expect(heard).toBe(0);
      expect(await worker.drain()).toBe(1);
      expect(heard).toBe(1);
      expect((await engine.search('lists', { q: 'list' })).hits.map((h) => h.id)).toEqual(['a']);
    } finally {
      stop();
    }
  });
});
