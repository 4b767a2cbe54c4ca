import { describe, expect, it } from 'vitest';
import {
  broaderThanWindow,
  MAX_MONTHS,
  monthKey,
  monthLabel,
  monthsFor,
  parsePeriod,
  periodStart,
  sliceOf,
  windowSlices,
} from '#features/insights/periods.ts';

const now = new Date('2026-03-15T10:30:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('periods', () => {
  it('parses known periods and falls back to twelve months', () => {
    expect(parsePeriod('30d')).toBe('30d');
    expect(parsePeriod('all')).toBe('all');
    expect(parsePeriod('7d')).toBe('365d');
    expect(parsePeriod(null)).toBe('365d');
  });

  it('starts windows at a UTC midnight, today included', () => {
    expect(periodStart('30d', now)?.toISOString()).toBe('2026-02-14T00:00:00.000Z');
    expect(periodStart('all', now)).toBeNull();
  });

  it('puts each instant in one slice', () => {
    expect(sliceOf(now, now)).toBe(0);
    expect(sliceOf(daysAgo(29), now)).toBe(0);
    expect(sliceOf(daysAgo(31), now)).toBe(1);
    expect(sliceOf(daysAgo(200), now)).toBe(2);
    expect(sliceOf(daysAgo(400), now)).toBe(3);
    expect(windowSlices('90d')).toEqual([0, 1]);
  });

  it('names every broader choice of filters', () => {
    expect(broaderThanWindow('all')).toEqual([]);
    expect(broaderThanWindow('90d')).toEqual([
      { slices: [0, 1, 2], tags: [] },
      { slices: [0, 1, 2, 3], tags: [] },
    ]);
    expect(broaderThanWindow('365d', ['data'])).toEqual([
      { slices: [0, 1, 2], tags: [] },
      { slices: [0, 1, 2, 3], tags: [] },
      { slices: [0, 1, 2, 3], tags: ['data'] },
    ]);
  });

  it('shows whole months, at most two years of them', () => {
    expect(monthsFor('30d', now, null).map(monthLabel)).toEqual(['Feb 2026', 'Mar 2026']);
    expect(monthsFor('all', now, new Date('2020-01-01Z'))).toHaveLength(MAX_MONTHS);
    expect(monthsFor('all', now, null)).toEqual([monthKey(now)]);
  });
});
