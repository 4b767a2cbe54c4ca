import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import BarChart from '#components/charts/BarChart.astro';
import ColumnChart from '#components/charts/ColumnChart.astro';

/** The SVG charts rendered on their own: what a page gets, without a browser. */
let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('BarChart', () => {
  it('draws a labelled, textured bar per value, names hidden values, and puts every number in a table', async () => {
    const html = await container.renderToString(BarChart, {
      props: {
        id: 'demo',
        title: 'Who teaches it, who wants it',
        series: [
          { key: 'teach', label: 'Teach it', look: 'solid' },
          { key: 'want', label: 'Want it', look: 'stripes' },
        ],
        rows: [
          { label: 'Rust', href: '/topics/rust', values: [6, 15] },
          { label: 'Zig', values: [null, 7] },
        ],
        hiddenLabel: 'fewer than 5',
        rowHeader: 'Topic',
        csvHref: '/insights/supply.csv',
      },
    });
    // Three bars, each filled with its series' texture; the hidden value is named, not drawn.
    expect(html.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(html).toContain('fill="url(#demo-stripes)"');
    expect(html).toContain('<pattern id="demo-stripes"');
    expect(text(html)).toContain('Teach it: fewer than 5');
    expect(html).toMatch(
      /role="img" aria-label="Who teaches it, who wants it\. The numbers are in the table that follows\."/,
    );
    // The table behind it.
    expect(html).toContain('<a href="/topics/rust"');
    expect(text(html)).toMatch(/Rust 6 15/);
    expect(text(html)).toMatch(/Zig fewer than 5 7/);
    expect(html).toContain('href="/insights/supply.csv"');
  });

  it('says so when there is nothing to chart', async () => {
    const html = await container.renderToString(BarChart, {
      props: {
        id: 'x',
        title: 'Empty',
        series: [],
        rows: [],
        hiddenLabel: '–',
        rowHeader: 'Topic',
        empty: 'Nothing yet.',
      },
    });
    expect(text(html)).toContain('Nothing yet.');
    expect(html).not.toContain('<svg class="plot"');
  });
});

describe('ColumnChart', () => {
  it('stacks the parts of each month under its total and outlines what hidden parts add up to', async () => {
    const html = await container.renderToString(ColumnChart, {
      props: {
        id: 'months',
        title: 'Requests per month',
        series: [
          { key: 'done', label: 'Completed', look: 'solid' },
          { key: 'no', label: 'Declined', look: 'dots' },
        ],
        columns: [
          { label: 'Apr 2026', total: 11, values: [6, 5] },
          { label: 'May 2026', total: 8, values: [null, null] },
          { label: 'Jun 2026', total: null, values: [null, null] },
        ],
        stacked: true,
        hiddenLabel: 'fewer than 5',
        rowHeader: 'Month',
        extra: [{ label: 'Accepted', cells: ['6', 'fewer than 5', 'fewer than 5'] }],
      },
    });
    expect(html.match(/<rect class="bar"/g)).toHaveLength(2);
    // May's total is shown; its hidden parts are one outlined block.
    expect(html.match(/<rect class="hidden-part"/g)).toHaveLength(1);
    // June's total is hidden: a dashed line on the axis, no column.
    expect(html).toContain('class="hidden-line"');
    expect(text(html)).toContain('fewer than 5 (not shown)');
    expect(text(html)).toMatch(/Apr 2026 11 6 5 6/);
    expect(text(html)).toMatch(/Jun 2026 fewer than 5 fewer than 5 fewer than 5 fewer than 5/);
  });
});
