import { afterEach, describe, expect, it } from 'vitest';
import { cachedFigures, clearFiguresCache } from '#features/insights/insights-cache.ts';
import { resetConfigForTests } from '#server/config.ts';

afterEach(() => {
  delete process.env.INSIGHTS_CACHE_SECONDS;
  resetConfigForTests();
  clearFiguresCache();
});

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

describe('the insights figures cache', () => {
  it('reuses a result for INSIGHTS_CACHE_SECONDS, then loads again', async () => {
    process.env.INSIGHTS_CACHE_SECONDS = '60';
    resetConfigForTests();
    const c = counter();
    expect(await cachedFigures('k', c.load, 0)).toBe(1);
    expect(await cachedFigures('k', c.load, 59_000)).toBe(1);
    expect(await cachedFigures('other', c.load, 59_000)).toBe(2);
    expect(await cachedFigures('k', c.load, 60_000)).toBe(3);
  });

  it('loads every time when set to 0', async () => {
    process.env.INSIGHTS_CACHE_SECONDS = '0';
    resetConfigForTests();
    const c = counter();
    await cachedFigures('k', c.load, 0);
    await cachedFigures('k', c.load, 0);
    expect(c.calls()).toBe(2);
  });

  it('keeps the result of a query that runs again on every await (a thenable), not the query', async () => {
    process.env.INSIGHTS_CACHE_SECONDS = '60';
    resetConfigForTests();
    let runs = 0;
    // Like a Drizzle query: each `then` runs it again.
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, as Drizzle's queries are
    const query = { then: (resolve: (v: number) => void) => resolve(++runs) } as unknown as PromiseLike<number>;
    await cachedFigures('q', () => query, 0);
    await cachedFigures('q', () => query, 1);
    await cachedFigures('q', () => query, 2);
    expect(runs).toBe(1);
  });

  it('does not keep a failure', async () => {
    process.env.INSIGHTS_CACHE_SECONDS = '60';
    resetConfigForTests();
    await expect(cachedFigures('k', () => Promise.reject(new Error('database down')), 0)).rejects.toThrow();
    expect(await cachedFigures('k', async () => 'fine', 1)).toBe('fine');
  });
});
