import { describe, expect, it } from 'vitest';
import { grownCapacity, grownInt32, IntLists } from '#server/search/embedded/int-lists.ts';
import { seeded } from '#tests/bench/engine/people-like.ts';

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('growing arrays', () => {
  it('doubles small arrays, grows large ones by an eighth, and always fits what is asked', () => {
    expect(grownCapacity(0, 1)).toBe(16);
    expect(grownCapacity(1000, 1001)).toBe(2000);
    expect(grownCapacity(4_000_000, 4_000_001)).toBe(4_500_000);
    expect(grownCapacity(4_000_000, 9_000_000)).toBe(9_000_000);
    const grown = grownInt32(Int32Array.from([1, 2, 3]), 5);
    expect([...grown.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(grown.length).toBe(16);
  });
});

describe('integer lists in one array', () => {
  it('keeps many lists apart through pushes and removals, as plain arrays would', () => {
    const random = seeded(3);
    const lists = new IntLists(8);
    const model: number[][] = [];
    for (let i = 0; i < 50; i++) {
      lists.add();
      model.push([]);
    }
    for (let step = 0; step < 20_000; step++) {
      const list = Math.floor(random() * 50);
      if (random() < 0.6 || model[list]!.length === 0) {
        const value = Math.floor(random() * 1000);
        lists.push(list, value);
        model[list]!.push(value);
      } else {
        const value = model[list]![Math.floor(random() * model[list]!.length)]!;
        expect(lists.remove(list, value)).toBe(true);
        model[list]!.splice(model[list]!.indexOf(value), 1);
      }
    }
    for (let list = 0; list < 50; list++) {
      expect(sorted(lists.toArray(list))).toEqual(sorted(model[list]!));
      expect(lists.size(list)).toBe(model[list]!.length);
    }
    expect(lists.remove(0, 123_456)).toBe(false);
  });

  it('round-trips through its compact form, and grows again after', () => {
    const lists = new IntLists();
    for (let l = 0; l < 5; l++) lists.add();
    for (let v = 0; v < 100; v++) lists.push(v % 5, v);
    lists.remove(2, 7);
    const copy = IntLists.fromCompacted(lists.compacted());
    for (let l = 0; l < 5; l++) expect(sorted(copy.toArray(l))).toEqual(sorted(lists.toArray(l)));
    copy.push(2, 1000);
    copy.remove(3, 8);
    expect(copy.toArray(2)).toContain(1000);
    expect(copy.toArray(3)).not.toContain(8);
    expect(copy.add()).toBe(5);
    expect(copy.toArray(5)).toEqual([]);
  });
});
