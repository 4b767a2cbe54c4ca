import { Column, is, SQL, sql } from 'drizzle-orm';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import * as drizzleUtils from 'drizzle-orm/utils';
import { type Field, mapRow } from './row-mapper.ts';

/*
 * The libSQL driver hands each cell of a result to JavaScript on its own, and that costs
 * per cell more than SQLite's own work on a short indexed read: the twenty member rows
 * behind a page of search results (19 cells each) took about 200 µs that way, and 135 µs
 * as one JSON string that SQLite builds and `JSON.parse` reads (README "Benchmark").
 * `packedRows` packs a select's rows into one such cell and unpacks them into exactly the
 * objects Drizzle would have made of the plain select.
 */

// Drizzle's own field ordering (what its selects map by), which the module exports but its types do not declare.
const { orderSelectedFields } = drizzleUtils as unknown as {
  orderSelectedFields(fields: SelectedFields): Field[];
};

/**
 * Column types whose values JSON carries unchanged: text, and integers within 2^53 (what
 * the driver gives with safe integers off). Reals are left out because SQLite writes them
 * to JSON with 15 significant digits, and blobs cannot be JSON at all.
 */
const JSON_SAFE = new Set(['SQLiteText', 'SQLiteTextJson', 'SQLiteInteger', 'SQLiteTimestamp', 'SQLiteBoolean']);

export interface PackedRows<Row> {
  /** `json_group_array` of the fields' values, one array a row: select it over the rows' FROM and WHERE. */
  column: SQL<string>;
  /** The rows of one packed cell, each as the plain select would map it. */
  unpack(packed: string | null): Row[];
}

/**
 * Packs the rows of a select of `fields` into one cell (see above). The rows come in
 * SQLite's order, so give the caller's order by id or key, not by position. SQL
 * expressions among the fields must give text, integers or null.
 */
export function packedRows<TFields extends SelectedFields>(fields: TFields): PackedRows<SelectResultFields<TFields>> {
  const ordered = orderSelectedFields(fields);
  for (const { path, field } of ordered) {
    const name = path.join('.');
    if (is(field, Column)) {
      if (!JSON_SAFE.has(field.columnType)) {
        throw new Error(`packedRows: ${name} is a ${field.columnType}, which JSON does not carry unchanged`);
      }
    } else if (!is(field, SQL)) {
      // An aliased expression or a subquery would write its alias inside json_array.
      throw new Error(`packedRows: ${name} must be a column or a plain SQL expression`);
    }
  }
  const cells = sql.join(
    ordered.map(({ field }) => sql`${field as SQL}`),
    sql`, `,
  );
  return {
    column: sql<string>`json_group_array(json_array(${cells}))`,
    unpack(packed) {
      if (!packed) return [];
      const rows = JSON.parse(packed) as unknown[][];
      const out = new Array<SelectResultFields<TFields>>(rows.length);
      for (let i = 0; i < rows.length; i++)
        out[i] = mapRow(ordered, rows[i]!, undefined) as SelectResultFields<TFields>;
      return out;
    },
  };
}
