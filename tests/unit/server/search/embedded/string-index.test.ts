import { describe, expect, it } from 'vitest';
import { hashOf, StringIndex } from '#server/search/embedded/string-index.ts';
import { seeded } from '#tests/bench/engine/people-like.ts';

/** Keys of the small key space on which the index and the model disagree. */
function wrong(index: StringIndex, model: Map<string, number>): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3000; k++) if (index.get(`k${k}`) !== model.get(`k${k}`)) out.push(`k${k}`);
  return out;
}

describe('a string index in a typed array', () => {
  it('answers as a Map would through adds, re-points and removals, across growth', () => {
    const random = seeded(11);
    const keys: (string | undefined)[] = [];
    const index = new StringIndex((value) => keys[value]);
    const model = new Map<string, number>();
    const free: number[] = [];
    // A small key space, so that removals and re-adds of the same key are common and probe runs collide.
    const pick = () => `k${Math.floor(random() * 3000)}`;
    for (let step = 0; step < 40_000; step++) {
      const key = pick();
      const at = model.get(key);
      if (at === undefined) {
        const value = free.pop() ?? keys.length;
        keys[value] = key;
        index.set(key, value);
        model.set(key, value);
      } else if (random() < 0.5) {
        expect(index.delete(key)).toBe(true);
        keys[at] = undefined;
        free.push(at);
        model.delete(key);
      } else {
        // The same key moved to another value (as a slot may be re-pointed).
        const value = keys.length;
        keys[value] = key;
        index.set(key, value);
        keys[at] = undefined;
        free.push(at);
        model.set(key, value);
      }
      if (step % 997 === 0) {
        expect(wrong(index, model)).toEqual([]);
        expect(index.size).toBe(model.size);
      }
    }
    expect(wrong(index, model)).toEqual([]);
    expect(index.delete('never added')).toBe(false);
    expect(index.get('')).toBeUndefined();
  });

  it('finds every key after removals in the middle of probe runs that wrap around the table', () => {
    // A new index has 16 cells and places a key at its hash's low 4 bits: five keys whose home
    // is the last cell and three whose home is the first form one run that wraps around.
    // Removing one must shift the later ones back, or they would no longer be found.
    const homed = (cell: number, count: number) =>
      Array.from({ length: 5000 }, (_, i) => `key-${i}`)
        .filter((key) => (hashOf(key) & 15) === cell)
        .slice(0, count);
    const keys = [...homed(15, 5), ...homed(0, 3)];
    const index = new StringIndex((value) => keys[value]);
    expect(index.capacity).toBe(16);
    for (const [value, key] of keys.entries()) index.set(key, value);
    for (const removed of [1, 0, 6, 3]) {
      expect(index.delete(keys[removed]!)).toBe(true);
      keys[removed] = `gone-${removed}`;
      for (const [value, key] of keys.entries())
        expect(index.get(key)).toBe(key.startsWith('gone') ? undefined : value);
    }
    expect(index.size).toBe(4);
  });

  it('reserves room up front and keeps at most 60% of its cells in use', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `doc-${i}`);
    const index = new StringIndex((value) => keys[value]);
    index.reserve(keys.length);
    const reserved = index.capacity;
    for (const [value, key] of keys.entries()) index.set(key, value);
    expect(index.capacity).toBe(reserved);
    expect(index.capacity).toBe(262_144);
    expect(index.size / index.capacity).toBeLessThanOrEqual(0.6);
    expect(index.get('doc-99999')).toBe(99_999);
  });
});
