import { describe, expect, it } from 'vitest';
import { countBoth, DenseSets } from '#server/search/embedded/dense-sets.ts';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { IntLists } from '#server/search/embedded/int-lists.ts';
import type { IndexDefinition, SearchDocument } from '#server/search/types.ts';

const bitsOf = (slots: number[], capacity: number) => {
  const bits = new Uint32Array((capacity + 31) >>> 5);
  for (const s of slots) bits[s >>> 5]! |= 1 << (s & 31);
  return bits;
};
const slotsOf = (bits: Uint32Array) => {
  const out: number[] = [];
  for (let s = 0; s < bits.length * 32; s++) if ((bits[s >>> 5]! & (1 << (s & 31))) !== 0) out.push(s);
  return out;
};

describe('countBoth', () => {
  it('counts the bits two sets share, the sign bit and arrays of different lengths included', () => {
    const a = bitsOf([0, 1, 31, 32, 63, 64, 95, 200], 256);
    const b = bitsOf([1, 31, 63, 95, 96, 200], 201);
    expect(countBoth(a, b)).toBe(5);
    expect(countBoth(b, a)).toBe(5);
    const full = new Uint32Array(8).fill(0xffffffff);
    expect(countBoth(full, full)).toBe(256);
    expect(countBoth(full, new Uint32Array(0))).toBe(0);
  });
});

describe('DenseSets', () => {
  it('builds a bitset from the list once, then keeps it current as slots join and leave', () => {
    const lists = new IntLists();
    const list = lists.add();
    const dense = new DenseSets();
    for (const slot of [3, 40, 7, 64]) {
      lists.push(list, slot);
      dense.add(list, slot); // no bitset yet: nothing kept
    }
    expect(dense.size).toBe(0);
    const bits = dense.of(lists, list, 70);
    expect(slotsOf(bits)).toEqual([3, 7, 40, 64]);
    expect(dense.of(lists, list, 70)).toBe(bits);

    dense.remove(list, 7);
    dense.add(list, 69);
    // Past the capacity it was built for: the bitset grows.
    dense.add(list, 1000);
    expect(slotsOf(dense.of(lists, list, 70))).toEqual([3, 40, 64, 69, 1000]);
    dense.remove(list, 5000); // beyond its length: nothing to clear
    expect(dense.size).toBe(1);
  });

  it('reads a list as a bitset only when it has no fewer items than the bitset has words', () => {
    expect(DenseSets.suits(0, 10)).toBe(false);
    expect(DenseSets.suits(1, 32)).toBe(true);
    expect(DenseSets.suits(3124, 100_000)).toBe(false);
    expect(DenseSets.suits(3125, 100_000)).toBe(true);
  });
});

describe('facet counts through dense values', () => {
  const definition: IndexDefinition = {
    name: 'people',
    searchableAttributes: ['name'],
    filterableAttributes: ['team', 'available'],
    sortableAttributes: [],
    customRanking: [],
    faceting: { maxValuesPerFacet: 100 },
  };
  const doc = (i: number): SearchDocument => ({
    id: `p${i}`,
    name: i % 3 === 0 ? `ada ${i}` : `bob ${i}`,
    team: i % 50 === 0 ? `rare-${i}` : ['red', 'blue', 'green'][i % 3]!,
    available: i % 4 !== 0,
  });
  const counts = (engine: EmbeddedEngine, q: string, strategy: 'values' | 'documents') =>
    engine.searchNow('people', { q, facets: ['team', 'available'] }, { counts: strategy }).facetCounts;

  it('counts as reading each document does, after the index grows, rewrites and removes', async () => {
    const engine = new EmbeddedEngine();
    await engine.applySettings([definition], {});
    await engine.upsert(
      'people',
      Array.from({ length: 400 }, (_, i) => doc(i)),
    );
    expect(counts(engine, 'ada', 'values')).toEqual(counts(engine, 'ada', 'documents'));
    // red, blue, green and both availabilities are dense at 400 documents; the rare teams are not.
    expect(engine.store('people').denseValues.size).toBe(5);

    // Grow well past the capacity the bitsets were built for, rewrite some, remove others.
    await engine.upsert(
      'people',
      Array.from({ length: 900 }, (_, i) => doc(400 + i)),
    );
    await engine.upsert('people', [
      { ...doc(3), team: 'blue', available: false },
      { ...doc(6), name: 'bob renamed' },
    ]);
    await engine.remove('people', ['p9', 'p12', 'p1200', 'p15']);
    await engine.upsert('people', [doc(5000), doc(5001)]);

    for (const q of ['ada', 'bob', '']) expect(counts(engine, q, 'values')).toEqual(counts(engine, q, 'documents'));

    // 'ada' is every third member, less the renamed and removed ones, plus p5001; p3 is now away.
    const ada = Array.from({ length: 1300 }, (_, i) => i)
      .concat([5000, 5001])
      .filter((i) => i % 3 === 0 && ![6, 9, 12, 15, 1200].includes(i));
    const available = (i: number) => i !== 3 && i % 4 !== 0;
    const result = engine.searchNow('people', { q: 'ada', facets: ['available'] }, { counts: 'values' });
    expect(result.total).toBe(ada.length);
    expect(result.facetCounts.available).toEqual({
      false: ada.filter((i) => !available(i)).length,
      true: ada.filter(available).length,
    });
  });
});
