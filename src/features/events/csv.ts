/**
 * CSV for spreadsheets, safe against formula injection: a member could name themselves
 * `=HYPERLINK("http://evil…")`, and a spreadsheet would run it when the organiser opens
 * the export. Cells that a spreadsheet would read as a formula (starting with = + - @,
 * a tab or carriage return, or their full-width forms, after any leading spaces) get a
 * leading apostrophe, which spreadsheets show as text (OWASP's recommendation).
 */

const FORMULA_START = /^[\s]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One cell, neutralised and quoted as RFC 4180 requires. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: header plus rows, CRLF line ends, with a BOM so spreadsheets read UTF-8. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
