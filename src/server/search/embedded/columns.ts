import type { SearchDocument } from '#server/search/types.ts';
import { grownFloat64, grownUint8 } from './int-lists.ts';

type Raw = SearchDocument[string] | undefined;

/**
 * One sortable attribute for every document slot. Numbers (the usual case: ranks,
 * dates) sit in a Float64Array; the first value of another type turns the column into
 * a plain array of the values as given, compared as JavaScript compares them.
 */
export class Column {
  numbers: Float64Array | null = new Float64Array(1024);
  present: Uint8Array = new Uint8Array(1024);
  values: Raw[] | null = null;

  set(slot: number, value: Raw): void {
    const missing = value === null || value === undefined;
    if (this.numbers && !missing && typeof value !== 'number') {
      // First non-number: keep the values as given from now on.
      this.values = [];
      for (let s = 0; s < this.present.length; s++) if (this.present[s]) this.values[s] = this.numbers[s];
      this.numbers = null;
    }
    this.present = grownUint8(this.present, slot + 1);
    this.present[slot] = missing ? 0 : 1;
    if (this.numbers) {
      this.numbers = grownFloat64(this.numbers, slot + 1);
      this.numbers[slot] = missing ? 0 : (value as number);
    } else {
      this.values![slot] = missing ? undefined : value;
    }
  }

  get(slot: number): Raw {
    if (!this.present[slot]) return undefined;
    return this.numbers ? this.numbers[slot] : this.values![slot];
  }

  /**
   * Orders two slots by this column, ascending; missing values sort last whatever the
   * direction, as in the ranking rules (`desc` flips only present values).
   */
  compare(a: number, b: number, desc: boolean): number {
    const aPresent = this.present[a] === 1;
    const bPresent = this.present[b] === 1;
    if (!aPresent || !bPresent) return aPresent === bPresent ? 0 : aPresent ? -1 : 1;
    let order: number;
    if (this.numbers) {
      const av = this.numbers[a]!;
      const bv = this.numbers[b]!;
      order = av < bv ? -1 : av > bv ? 1 : 0;
    } else {
      // biome-ignore lint/suspicious/noExplicitAny: JavaScript's own ordering of mixed values, as the rule always had
      const av = this.values![a] as any;
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const bv = this.values![b] as any;
      order = av < bv ? -1 : av > bv ? 1 : 0;
    }
    return desc ? -order : order;
  }
}
