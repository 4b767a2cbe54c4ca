import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  SnapshotFormatError,
  type SnapshotMeta,
} from '#server/search/embedded/snapshot-format.ts';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import type { IndexDefinition } from '#server/search/types.ts';
import { generatePeopleDocuments, PEOPLE_LIKE_DEFINITION } from '#tests/bench/engine/people-like.ts';
import { generateQueries } from '#tests/bench/engine/queries.ts';

const meta = (documents: number): SnapshotMeta => ({
  index: 'people',
  key: 'k',
  watermark: { seq: 3, check: 'people:x:1' },
  pending: ['a'],
  createdAt: 1,
  documents,
});

async function engineWith(definition: IndexDefinition = PEOPLE_LIKE_DEFINITION) {
  const engine = new EmbeddedEngine();
  await engine.applySettings([definition], catalogueSynonyms());
  return engine;
}

describe('the snapshot format', () => {
  it('gives back a store that answers every query as the original did, and keeps working after', async () => {
    const original = await engineWith();
    const docs = generatePeopleDocuments(800, 4);
    await original.upsert('people', docs);
    await original.remove('people', [docs[10]!.id, docs[20]!.id]); // holes and a free list
    await original.upsert('people', [{ ...docs[30]!, name: 'Renamed Person' }]);
    const store = original.store('people');
    const bytes = Buffer.concat(encodeSnapshot(store, meta(store.size)));

    const { meta: read, store: loaded } = decodeSnapshot(bytes);
    expect(read).toEqual(meta(store.size));
    const copy = await engineWith();
    copy.install('people', loaded);
    for (const { query } of generateQueries(docs, catalogueSynonyms(), 400, 8)) {
      expect(copy.searchNow('people', query)).toEqual(original.searchNow('people', query));
    }
    for (const doc of docs) expect(loaded.describe(doc.id)).toBe(store.describe(doc.id));

    const later = generatePeopleDocuments(50, 9).map((d, i) => ({ ...d, id: `later-${i}` }));
    await original.upsert('people', later);
    await copy.upsert('people', later);
    await original.remove('people', [docs[0]!.id]);
    await copy.remove('people', [docs[0]!.id]);
    for (const { query } of generateQueries(later, catalogueSynonyms(), 200, 10)) {
      expect(copy.searchNow('people', query)).toEqual(original.searchNow('people', query));
    }
  });

  it('copies its arrays out of the file bytes, so the bytes can be freed once loaded', async () => {
    const original = await engineWith();
    await original.upsert('people', generatePeopleDocuments(200, 5));
    const store = original.store('people');
    const bytes = Buffer.concat(encodeSnapshot(store, meta(store.size)));
    const { store: loaded } = decodeSnapshot(bytes);
    const arrays = [
      loaded.docStart,
      loaded.docWords,
      loaded.docValues,
      loaded.docData,
      loaded.vocabulary.postings.data,
      loaded.facets.docs.data,
      loaded.facets.numbers,
      ...[...loaded.columns.values()].flatMap((c) => [c.present, ...(c.numbers ? [c.numbers] : [])]),
    ];
    for (const array of arrays) expect(array.buffer).not.toBe(bytes.buffer);
  });

  it('keeps sortable values that are not numbers', async () => {
    const definition: IndexDefinition = {
      name: 'lists',
      searchableAttributes: ['title'],
      filterableAttributes: [],
      sortableAttributes: ['title'],
      customRanking: [],
    };
    const engine = new EmbeddedEngine();
    await engine.applySettings([definition], {});
    await engine.upsert('lists', [
      { id: 'b', title: 'Beta' },
      { id: 'a', title: 'Alpha' },
      { id: 'c', title: null },
    ]);
    const store = engine.store('lists');
    const { store: loaded } = decodeSnapshot(Buffer.concat(encodeSnapshot(store, { ...meta(3), index: 'lists' })));
    const copy = new EmbeddedEngine();
    await copy.applySettings([definition], {});
    copy.install('lists', loaded);
    const order = (await copy.search('lists', { q: '', sort: ['title:asc'] })).hits.map((h) => h.id);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('gives back ids, words and values in any script, each as it was (one-, two-, three- and four-byte UTF-8)', async () => {
    const engine = await engineWith();
    const [a, b, c] = generatePeopleDocuments(3, 2);
    await engine.upsert('people', [
      { ...a!, id: 'plain-id', name: 'Ada Lovelace' },
      { ...b!, id: 'zoë-ü', name: 'Zoë Ünal Ørsted', location: 'Malmö' },
      { ...c!, id: '日本-😀', name: '山田 花子 😀 rocket🚀man' },
    ]);
    await engine.remove('people', ['plain-id']); // a hole among the ids
    const store = engine.store('people');
    const { store: loaded } = decodeSnapshot(Buffer.concat(encodeSnapshot(store, meta(store.size))));
    expect(loaded.ids).toEqual(store.ids);
    expect(loaded.vocabulary.words).toEqual(store.vocabulary.words);
    expect(loaded.facets.texts).toEqual(store.facets.texts);
    for (const id of ['zoë-ü', '日本-😀']) expect(loaded.describe(id)).toBe(store.describe(id));
    expect(loaded.slots.get('plain-id')).toBeUndefined();
    for (const word of store.vocabulary.words)
      expect(loaded.vocabulary.ids.get(word)).toBe(store.vocabulary.ids.get(word));
  });

  it('refuses bytes that are not a whole snapshot of this format', async () => {
    const engine = await engineWith();
    await engine.upsert('people', generatePeopleDocuments(20, 1));
    const store = engine.store('people');
    const bytes = Buffer.concat(encodeSnapshot(store, meta(store.size)));
    const newer = Buffer.from(bytes);
    newer.writeUInt32LE(99, 8);
    expect(() => decodeSnapshot(newer)).toThrow(/format 99/);
    expect(() => decodeSnapshot(bytes.subarray(0, 10))).toThrow(SnapshotFormatError);
    expect(() => decodeSnapshot(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/checksum/);
  });

  it('refuses to save a string that UTF-8 cannot carry', async () => {
    const engine = await engineWith();
    await engine.upsert('people', [{ ...generatePeopleDocuments(1, 1)[0]!, id: 'bad\ud800id' }]);
    const store = engine.store('people');
    expect(() => encodeSnapshot(store, meta(1))).toThrow(/well-formed/);
  });
});
