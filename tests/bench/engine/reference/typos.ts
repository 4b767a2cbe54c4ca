/**
 * The typo rules as the reference engine computed them (code-point arrays, a full table
 * per pair), kept verbatim so the comparison measures the new engine against the old.
 */

/** Typos allowed for a query word, by length (5+ → 1, 9+ → 2). */
export function allowedTypos(word: string): number {
  const length = [...word].length;
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** Damerau–Levenshtein distance with a doubled first-letter typo and optional prefix matching; `max + 1` past `max`. */
export function typoDistance(query: string, word: string, max: number, prefix: boolean): number {
  const a = [...query];
  const b = [...word];
  const n = a.length;
  const m = b.length;
  if (!prefix && Math.abs(n - m) > max) return max + 1;
  if (prefix && m < n - max) return max + 1;
  const cols = m + 1;
  const d = new Array<number>((n + 1) * cols);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * cols] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  let best: number;
  if (prefix) {
    best = Infinity;
    for (let j = Math.max(0, n - max); j <= m; j++) best = Math.min(best, d[n * cols + j]!);
  } else {
    best = d[n * cols + m]!;
  }
  if (best > 0 && a[0] !== b[0]) best += 1;
  return best > max ? max + 1 : best;
}
