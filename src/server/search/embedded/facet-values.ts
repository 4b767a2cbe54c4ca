import { grownFloat64, grownInt32, IntLists } from './int-lists.ts';

/** A value a document gives a filterable attribute: strings, numbers and booleans (arrays are flattened). */
export type FacetScalar = string | number | boolean;

/**
 * The values of every filterable attribute, numbered at index time, with the documents
 * that have each value. A value is identified by its attribute and its text (`String(v)`,
 * so `true` is "true"), which is how filters compare and facet counts are keyed; a value
 * given as a number also keeps that number for range filters. Ids are never reused.
 */
export class FacetValues {
  readonly fields: string[];
  readonly fieldIds: Map<string, number>;
  /** Per field: text → value id. */
  readonly byText: Map<string, number>[];
  /** Per field: its value ids in creation order. */
  readonly ofField: number[][];
  texts: string[] = [];
  field: Int32Array = new Int32Array(256);
  /** The number a value was given as, or NaN when it was given as text or a boolean. */
  numbers: Float64Array = new Float64Array(256);
  /** Documents (slots) having each value. */
  docs = new IntLists(4096);
  #alphaOrder: (Int32Array | undefined)[];

  constructor(fields: string[]) {
    this.fields = fields;
    this.fieldIds = new Map(fields.map((f, i) => [f, i]));
    this.byText = fields.map(() => new Map());
    this.ofField = fields.map(() => []);
    this.#alphaOrder = fields.map(() => undefined);
  }

  get size(): number {
    return this.texts.length;
  }

  /** The id of a field's value, created when new. */
  intern(field: number, value: FacetScalar): number {
    const text = String(value);
    const known = this.byText[field]!.get(text);
    if (known !== undefined) {
      if (typeof value === 'number' && Number.isNaN(this.numbers[known]!)) this.numbers[known] = value;
      return known;
    }
    const id = this.texts.length;
    this.texts.push(text);
    this.field = grownInt32(this.field, id + 1);
    this.numbers = grownFloat64(this.numbers, id + 1);
    this.field[id] = field;
    this.numbers[id] = typeof value === 'number' ? value : Number.NaN;
    this.byText[field]!.set(text, id);
    this.ofField[field]!.push(id);
    this.docs.add();
    this.#alphaOrder[field] = undefined;
    return id;
  }

  /** The id of a field's value if any document ever had it. */
  find(field: number, value: FacetScalar): number | undefined {
    return this.byText[field]!.get(String(value));
  }

  /**
   * A field's value ids in Meilisearch's alphanumeric facet order: values given as
   * numbers first, by number, then the rest by their lower-cased text (then as written).
   */
  alphaOrder(field: number): Int32Array {
    let order = this.#alphaOrder[field];
    if (!order) {
      const ids = [...this.ofField[field]!];
      const lower = new Map(ids.map((id) => [id, this.texts[id]!.toLowerCase()]));
      ids.sort((a, b) => {
        const na = this.numbers[a]!;
        const nb = this.numbers[b]!;
        const aNumber = !Number.isNaN(na);
        const bNumber = !Number.isNaN(nb);
        if (aNumber !== bNumber) return aNumber ? -1 : 1;
        if (aNumber && na !== nb) return na - nb;
        const la = lower.get(a)!;
        const lb = lower.get(b)!;
        if (la !== lb) return la < lb ? -1 : 1;
        const ta = this.texts[a]!;
        const tb = this.texts[b]!;
        return ta < tb ? -1 : ta > tb ? 1 : 0;
      });
      order = Int32Array.from(ids);
      this.#alphaOrder[field] = order;
    }
    return order;
  }

  /** Rebuilds the dictionary from stored values (snapshot load). */
  static restore(
    fields: string[],
    texts: string[],
    field: Int32Array,
    numbers: Float64Array,
    docs: IntLists,
  ): FacetValues {
    const values = new FacetValues(fields);
    values.texts = texts;
    values.field = field.length > 0 ? field : new Int32Array(16);
    values.numbers = numbers.length > 0 ? numbers : new Float64Array(16);
    values.docs = docs;
    for (let id = 0; id < texts.length; id++) {
      const f = field[id]!;
      values.byText[f]!.set(texts[id]!, id);
      values.ofField[f]!.push(id);
    }
    return values;
  }
}
