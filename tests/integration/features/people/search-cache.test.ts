import { afterEach, describe, expect, it, vi } from 'vitest';
import { outcomeWeight, searchPeopleIndex } from '#features/people/search-cache.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import * as search from '#server/search/index.ts';

afterEach(() => vi.restoreAllMocks());

const ok = { ok: true as const, result: { hits: [], total: 0, page: 1, hitsPerPage: 20, facetCounts: {} } };

describe('reusing people-search answers', () => {
  it('asks the engine once for the same query, and again after a change', async () => {
    const spy = vi.spyOn(search, 'searchIndex').mockResolvedValue(ok);
    const query = { q: 'rust', filters: { visibility: 'public' }, page: 1, hitsPerPage: 20 };
    await Promise.all([searchPeopleIndex(query), searchPeopleIndex({ ...query })]);
    expect(spy).toHaveBeenCalledTimes(1);
    await searchPeopleIndex({ ...query, q: 'go' });
    expect(spy).toHaveBeenCalledTimes(2);
    dataChanged('people');
    await searchPeopleIndex(query);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('keeps answers by the facet values they hold: one bigger than the whole bound is not kept', async () => {
    dataChanged('people');
    const counts = Object.fromEntries(Array.from({ length: 200_001 }, (_, i) => [`skill-${i}:3`, 1]));
    const huge = { ok: true as const, result: { ...ok.result, facetCounts: { skillLevels: counts } } };
    expect(outcomeWeight(huge)).toBe(200_001);
    expect(outcomeWeight(ok)).toBe(1);
    const spy = vi
      .spyOn(search, 'searchIndex')
      .mockImplementation(async (_index, query) => (query.q === 'broad' ? huge : ok));
    await searchPeopleIndex({ q: 'small', page: 1, hitsPerPage: 20 });
    await searchPeopleIndex({ q: 'broad', page: 1, hitsPerPage: 20 });
    await searchPeopleIndex({ q: 'broad', page: 1, hitsPerPage: 20 });
    expect(spy).toHaveBeenCalledTimes(3);
    await searchPeopleIndex({ q: 'small', page: 1, hitsPerPage: 20 });
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('does not remember an answer from an engine that was down, nor an old one', async () => {
    const spy = vi
      .spyOn(search, 'searchIndex')
      .mockResolvedValueOnce({ ok: false, message: 'down' })
      .mockResolvedValue(ok);
    const query = { q: 'zig', page: 1, hitsPerPage: 20 };
    expect((await searchPeopleIndex(query)).ok).toBe(false);
    expect((await searchPeopleIndex(query)).ok).toBe(true);
    expect(spy).toHaveBeenCalledTimes(2);
    await searchPeopleIndex(query, Date.now() + 60_000);
    expect(spy).toHaveBeenCalledTimes(3);
  });
});
