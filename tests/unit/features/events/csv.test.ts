import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '#features/events/csv.ts';

/** Parses RFC 4180 CSV back into rows (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const evil of [
      '=HYPERLINK("http://evil.example","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      ' =cmd',
      '＝1',
    ]) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('leaves ordinary text alone', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell('ada-lovelace')).toBe('ada-lovelace');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
  });

  it('quotes commas, quotes and line breaks, and parses back to the same values', () => {
    const rows = [
      ['Grace "Amazing" Hopper', 'grace', 'going'],
      ['Line\nbreak, and comma', 'x', '=1+2'],
    ];
    const csv = toCsv(['Name', 'Handle', 'Status'], rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(csv.slice(1));
    expect(parsed[0]).toEqual(['Name', 'Handle', 'Status']);
    expect(parsed[1]).toEqual(rows[0]);
    expect(parsed[2]).toEqual(['Line\nbreak, and comma', 'x', "'=1+2"]);
  });
});
