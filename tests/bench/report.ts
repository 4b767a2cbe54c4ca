import type { Measured } from './measure.ts';

const pad = (v: string | number, n: number) => String(v).padStart(n);

/** A fixed-width table of measured loads, each beside its ceiling when it has one. */
export function measuredTable(rows: { what: string; bytes?: number; page: Measured; ceiling?: Measured }[]): string {
  const header = [
    'what'.padEnd(44),
    pad('bytes', 7),
    pad('req/s', 7),
    pad('p50', 5),
    pad('p99', 5),
    pad('worst', 6),
    pad('ceiling', 8),
    pad('share', 6),
    pad('load', 5),
  ].join(' ');
  const lines = rows.map(({ what, bytes, page, ceiling }) =>
    [
      what.slice(0, 44).padEnd(44),
      pad(bytes ?? '', 7),
      pad(page.rps.toFixed(0), 7),
      pad(page.p50, 5),
      pad(page.p99, 5),
      pad(page.p99Max, 6),
      pad(ceiling ? ceiling.rps.toFixed(0) : '', 8),
      pad(ceiling ? `${((page.rps / ceiling.rps) * 100).toFixed(0)}%` : '', 6),
      pad(page.load.toFixed(1), 5),
    ].join(' '),
  );
  return [header, ...lines].join('\n');
}

/** A target and whether it was met. */
export interface Check {
  label: string;
  ok: boolean;
}

/** Prints PASS/FAIL per target; true when all passed. */
export function printChecks(checks: Check[]): boolean {
  for (const { label, ok } of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`);
  return checks.every((c) => c.ok);
}

/** Megabytes with no decimals. */
export const mb = (n: number) => `${n.toFixed(0)} MB`;
/** Kilobytes with one decimal. */
export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
