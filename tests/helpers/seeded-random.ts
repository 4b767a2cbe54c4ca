/**
 * A small deterministic generator (a linear congruential one) for property tests: the
 * same seed gives the same cases, so a failing case can be replayed. Numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
