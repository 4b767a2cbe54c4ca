import type { Db } from '#db/client.ts';

/** What every demo seeding step receives. */
export interface DemoContext {
  db: Db;
  /** The seeding clock: demo dates are relative to it, so the demo never looks stale. */
  now: Date;
  /** Demo members by handle → user id, filled by the members step. */
  members: Map<string, string>;
  /** Catalogue skills by normalised name → id. */
  skillIds: Map<string, number>;
  /** Deterministic random numbers in [0, 1). */
  random: () => number;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
