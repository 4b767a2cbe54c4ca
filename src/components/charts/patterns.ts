/**
 * The looks a chart series can take. Each has its own texture as well as its own colour
 * (solid, stripes, dots, cross-hatch, lines), so charts read in greyscale, in print and
 * for people who do not tell the colours apart. Colours come from the design tokens, so
 * dark mode follows.
 */
export const SERIES_LOOKS = ['solid', 'stripes', 'dots', 'cross', 'lines', 'waves'] as const;
export type SeriesLook = (typeof SERIES_LOOKS)[number];

export interface ChartSeries {
  key: string;
  label: string;
  look: SeriesLook;
}

/** The id of a look's SVG pattern inside one chart (ids must be unique on the page). */
export function patternId(chartId: string, look: SeriesLook): string {
  return `${chartId}-${look}`;
}
