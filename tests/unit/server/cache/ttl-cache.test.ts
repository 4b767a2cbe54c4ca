import { describe, expect, it } from 'vitest';
import { dataChanged, onDataChanged } from '#server/cache/invalidation.ts';
import { TtlCache } from '#server/cache/ttl-cache.ts';

describe('the TTL cache', () => {
  it('serves a value until its time is up, and stores nothing with a TTL of 0', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1000, maxEntries: 10 });
    cache.set('a', 1, 5000);
    expect(cache.get('a', 5999)).toBe(1);
    expect(cache.get('a', 6000)).toBeUndefined();
    const off = new TtlCache<string, number>({ ttlMs: () => 0, maxEntries: 10 });
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
  });

  it('evicts the least recently used beyond its size, and beyond its weight', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.get('a', 1); // a is now the most recently used
    cache.set('c', 3, 2);
    expect([cache.get('a', 3), cache.get('b', 3), cache.get('c', 3)]).toEqual([1, undefined, 3]);

    const heavy = new TtlCache<string, string>({ ttlMs: 1000, maxEntries: 10, maxWeight: 5, weigh: (v) => v.length });
    heavy.set('x', 'abc', 0);
    heavy.set('y', 'def', 0);
    expect([heavy.get('x', 1), heavy.get('y', 1)]).toEqual([undefined, 'def']);
  });

  it('weighs an entry again once its weight is known, evicting the oldest beyond the bound', () => {
    const known = new Map<object, number>();
    const cache = new TtlCache<string, object>({
      ttlMs: 1000,
      maxEntries: 10,
      maxWeight: 10,
      weigh: (v) => known.get(v) ?? 1,
    });
    const [a, b, c] = [{}, {}, {}];
    cache.set('a', a, 0);
    cache.set('b', b, 0);
    cache.set('c', c, 0);
    known.set(b, 6);
    cache.reweigh('b', b);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([a, b, c]);
    known.set(c, 5);
    cache.reweigh('c', c); // 1 + 6 + 5 > 10: the least recently used (a) goes, then 11 > 10: b goes
    expect([cache.get('a', 2), cache.get('b', 2), cache.get('c', 2)]).toEqual([undefined, undefined, c]);
    // A key now holding another value is left alone.
    known.set(a, 100);
    cache.reweigh('c', a);
    expect(cache.get('c', 3)).toBe(c);
    // An entry heavier than the whole bound goes by itself; the rest stay.
    const d = {};
    cache.set('d', d, 4);
    known.set(d, 11);
    cache.reweigh('d', d);
    expect([cache.get('c', 5), cache.get('d', 5)]).toEqual([c, undefined]);
  });

  it('shares one load between callers and forgets a load that failed', async () => {
    const cache = new TtlCache<string, Promise<number>>({ ttlMs: 1000, maxEntries: 10 });
    let loads = 0;
    const load = () => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('down')) : Promise.resolve(loads);
    };
    const first = cache.getOrLoad('k', load);
    expect(cache.getOrLoad('k', load)).toBe(first);
    await expect(first).rejects.toThrow('down');
    expect(await cache.getOrLoad('k', load)).toBe(2);
    expect(loads).toBe(2);
  });

  it('forgets a key only while it still holds the value named', () => {
    const cache = new TtlCache<string, object>({ ttlMs: 1000, maxEntries: 10 });
    const old = {};
    const newer = {};
    cache.set('k', old);
    cache.set('k', newer);
    cache.forget('k', old);
    expect(cache.get('k')).toBe(newer);
    cache.forget('k', newer);
    expect(cache.get('k')).toBeUndefined();
  });

  it('empties when a topic it depends on changes, and counts generations', () => {
    const people = new TtlCache<string, number>({ ttlMs: 60_000, maxEntries: 10, clearOn: ['people'] });
    const everything = new TtlCache<string, number>({ ttlMs: 60_000, maxEntries: 10, clearOn: '*' });
    people.set('a', 1);
    everything.set('a', 1);
    const generation = people.generation;
    dataChanged('events');
    expect([people.get('a'), everything.get('a')]).toEqual([1, undefined]);
    dataChanged('people');
    expect(people.get('a')).toBeUndefined();
    expect(people.generation).toBe(generation + 1);
  });
});

describe('data changes', () => {
  it('reach each listener once, and no more after it stops listening', () => {
    let calls = 0;
    const stop = onDataChanged(['people', 'skills'], () => calls++);
    dataChanged('people', 'skills');
    expect(calls).toBe(1);
    dataChanged('lists');
    expect(calls).toBe(1);
    stop();
    dataChanged('people');
    expect(calls).toBe(1);
  });
});
