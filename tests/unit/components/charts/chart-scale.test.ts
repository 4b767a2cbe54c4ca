import { describe, expect, it } from 'vitest';
import { formatValue, niceScale, percent, thinLabels, ticks } from '#components/charts/chart-scale.ts';

describe('chart scales', () => {
  it('rounds the top of an axis up to a nice number with whole ticks for counts', () => {
    expect(niceScale(51)).toEqual({ top: 60, step: 20 });
    expect(niceScale(2)).toEqual({ top: 2, step: 1 });
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(4.4)).toEqual({ top: 6, step: 2 });
    expect(ticks(niceScale(51))).toEqual([0, 20, 40, 60]);
  });

  it('turns values into SVG percentages, never negative', () => {
    expect(percent(30, 60, 82)).toBe('41%');
    expect(percent(-3, 60)).toBe('0%');
    expect(percent(5, 0)).toBe('0%');
  });

  it('formats numbers and shares for labels', () => {
    expect(formatValue(1234)).toBe('1,234');
    expect(formatValue(0.825, { asPercent: true })).toBe('83%');
    expect(formatValue(2.5, { decimals: 1 })).toBe('2.5');
  });

  it('thins long axes to at most twelve labels, always keeping the latest', () => {
    const labels = Array.from({ length: 24 }, (_, i) => `M${i}`);
    const shown = thinLabels(labels).filter(Boolean);
    expect(shown).toHaveLength(12);
    expect(shown.at(-1)).toBe('M23');
    expect(thinLabels(['a', 'b'])).toEqual(['a', 'b']);
  });
});
