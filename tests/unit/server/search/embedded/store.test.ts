import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { IndexStore } from '#server/search/embedded/store.ts';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import { generatePeopleDocuments, PEOPLE_LIKE_DEFINITION } from '#tests/bench/engine/people-like.ts';

describe('the index store', () => {
  it('describes a document the same after it was rewritten many times (space reclaimed) as when freshly added', () => {
    const store = new IndexStore(PEOPLE_LIKE_DEFINITION);
    const first = generatePeopleDocuments(2000, 1);
    for (const doc of first) store.upsert(doc);
    let latest = first;
    for (let round = 2; round <= 4; round++) {
      latest = generatePeopleDocuments(2000, round);
      for (const doc of latest) store.upsert(doc);
    }
    // Three rewrites left three times the live data as garbage; compaction keeps it under half.
    const live = store.docTop - store.garbage;
    expect(live).toBeGreaterThan(65_536);
    expect(store.docTop).toBeLessThan(2 * live + 1000);
    const fresh = new IndexStore(PEOPLE_LIKE_DEFINITION);
    for (const doc of latest) fresh.upsert(doc);
    for (const doc of latest) expect(store.describe(doc.id)).toBe(fresh.describe(doc.id));
    expect(store.size).toBe(2000);
  });

  it('reuses the slots of removed documents and forgets their words and values', async () => {
    const engine = new EmbeddedEngine();
    await engine.applySettings([PEOPLE_LIKE_DEFINITION], catalogueSynonyms());
    const docs = generatePeopleDocuments(10, 1);
    await engine.upsert('people', docs);
    const store = engine.store('people');
    await engine.remove('people', [docs[3]!.id, docs[4]!.id]);
    expect(store.size).toBe(8);
    expect(store.describe(docs[3]!.id)).toBeNull();
    await engine.upsert('people', [{ ...docs[3]!, id: 'newcomer', name: 'Xyzzy Plugh' }]);
    expect(store.capacity).toBe(10);
    expect((await engine.search('people', { q: 'xyzzy' })).hits.map((h) => h.id)).toEqual(['newcomer']);
    const counts = (await engine.search('people', { q: '', facets: ['visibility'] })).facetCounts.visibility!;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('refuses an index with more searchable attributes than a posting can name', () => {
    const attributes = Array.from({ length: 33 }, (_, i) => `a${i}`);
    expect(() => new IndexStore({ ...PEOPLE_LIKE_DEFINITION, searchableAttributes: attributes })).toThrow(/at most 32/);
  });
});
