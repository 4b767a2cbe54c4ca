/**
 * Scales and labels for the server-rendered SVG charts: pure, so they are easy to test.
 */

/** A "nice" top for an axis at or above `max` (1, 2, 2.5 or 5 × a power of ten), and its tick step. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // Whole numbers get whole ticks.
  const whole = Number.isInteger(max) ? Math.max(1, Math.ceil(step)) : step;
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

/** The tick values from 0 to `top`. */
export function ticks(scale: { top: number; step: number }): number[] {
  const out: number[] = [];
  for (let v = 0; v <= scale.top + 1e-9; v += scale.step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/** A share of `top` as a percentage string for SVG coordinates, e.g. "42.5%". */
export function percent(value: number, top: number, of = 100): string {
  if (top <= 0) return '0%';
  return `${Math.round((Math.max(0, value) / top) * of * 100) / 100}%`;
}

// Formatters are made once: creating one per number (what toLocaleString does) costs more
// than everything else in a chart.
const formatters = new Map<number, Intl.NumberFormat>();

/** 1234 → "1,234"; 0.825 with `asPercent` → "83%". */
export function formatValue(value: number, options: { asPercent?: boolean; decimals?: number } = {}): string {
  if (options.asPercent) return `${Math.round(value * 100)}%`;
  const decimals = options.decimals ?? 0;
  let format = formatters.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en', { maximumFractionDigits: decimals });
    formatters.set(decimals, format);
  }
  return format.format(value);
}

/** Every `n`-th label of a long axis, so they do not overlap (the rest are left empty). */
export function thinLabels(labels: string[], maxShown = 12): string[] {
  const every = Math.max(1, Math.ceil(labels.length / maxShown));
  return labels.map((label, i) => ((labels.length - 1 - i) % every === 0 ? label : ''));
}
