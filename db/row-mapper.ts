import { Column, getTableName, is, SQL, Subquery } from 'drizzle-orm';
import { LibSQLPreparedQuery } from 'drizzle-orm/libsql/session';

/*
 * Drizzle turns each row of a select into its result object by asking, for every cell,
 * what kind of field the column is (`is(field, Column)`, `is(field, SQL)`, … walking
 * class chains), iterating the field's path with an iterator, and first copying the row
 * into two new arrays. A member's page maps a few hundred cells, so that was a few per
 * cent of its CPU (README "Benchmark"). This does the same work with what depends only
 * on the select (each column's decoder, path and table) worked out once per field list.
 * The result is Drizzle's, object for object: same keys in the same order, same decoding,
 * same nulling of a left-joined table whose columns are all null.
 */

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** A field of a select as Drizzle orders them: where its value goes, and the column or SQL it reads. */
export interface Field {
  path: string[];
  field: unknown;
}

/** What mapping a row of one field list needs, worked out once. */
interface Plan {
  paths: string[][];
  decoders: Decoder[];
  /** The column's table for the left-join nulling (a table column at depth 2), else null. */
  tables: (string | null)[];
}

const plans = new WeakMap<readonly Field[], Plan>();

function planOf(fields: readonly Field[]): Plan {
  let plan = plans.get(fields);
  if (plan) return plan;
  plan = { paths: [], decoders: [], tables: [] };
  for (const { path, field } of fields) {
    const column = is(field, Column);
    // Where Drizzle's mapResultRow finds each kind of field's decoder (not all of it is in its types).
    const decoder = column
      ? (field as Decoder)
      : is(field, SQL)
        ? (field as unknown as { decoder: Decoder }).decoder
        : is(field, Subquery)
          ? (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder
          : (field as { sql: { decoder: Decoder } }).sql.decoder;
    plan.paths.push(path);
    plan.decoders.push(decoder);
    plan.tables.push(column && path.length === 2 ? getTableName((field as Column).table) : null);
  }
  plans.set(fields, plan);
  return plan;
}

/** Drizzle's `normalizeFieldValue`: the client gives blobs as ArrayBuffers, Drizzle's columns expect Buffers. */
const normalized = (value: unknown): unknown => (value instanceof ArrayBuffer ? Buffer.from(value) : value);

/** Drizzle's `mapResultRow` for one row (an array or the client's array-like row). */
export function mapRow(
  fields: readonly Field[],
  row: ArrayLike<unknown>,
  joinsNotNullableMap: Record<string, boolean> | undefined,
): Record<string, unknown> {
  const { paths, decoders, tables } = planOf(fields);
  const result: Record<string, unknown> = {};
  let nullify: Record<string, string | false> | undefined;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    let node = result;
    const last = path.length - 1;
    for (let p = 0; p < last; p++) {
      const chunk = path[p]!;
      if (!(chunk in node)) node[chunk] = {};
      node = node[chunk] as Record<string, unknown>;
    }
    const raw = normalized(row[i]);
    const value = raw === null ? null : decoders[i]!.mapFromDriverValue(raw);
    node[path[last]!] = value;
    const table = tables[i]!;
    if (joinsNotNullableMap && table !== null) {
      nullify ??= {};
      const objectName = path[0]!;
      if (!(objectName in nullify)) nullify[objectName] = value === null ? table : false;
      else if (typeof nullify[objectName] === 'string' && nullify[objectName] !== table) nullify[objectName] = false;
    }
  }
  if (joinsNotNullableMap && nullify) {
    for (const [objectName, table] of Object.entries(nullify)) {
      if (typeof table === 'string' && !joinsNotNullableMap[table]) result[objectName] = null;
    }
  }
  return result;
}

interface PreparedQuery {
  fields?: readonly Field[];
  customResultMapper?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
  mapAllResult(rows: unknown, isFromBatch?: boolean): unknown;
  mapGetResult(rows: unknown, isFromBatch?: boolean): unknown;
}

let installed = false;

/** Maps the libSQL driver's select results with `mapRow` (once per process); other results as before. */
export function installRowMapper(): void {
  if (installed) return;
  installed = true;
  const prototype = LibSQLPreparedQuery.prototype as unknown as PreparedQuery;
  const mapAll = prototype.mapAllResult;
  const mapGet = prototype.mapGetResult;
  prototype.mapAllResult = function mapAllRows(this: PreparedQuery, rows: unknown, isFromBatch?: boolean) {
    const fields = this.fields;
    if (!fields || this.customResultMapper) return mapAll.call(this, rows, isFromBatch);
    const list = (isFromBatch ? (rows as { rows: ArrayLike<unknown>[] }).rows : rows) as ArrayLike<unknown>[];
    const out = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = mapRow(fields, list[i]!, this.joinsNotNullableMap);
    return out;
  };
  prototype.mapGetResult = function mapGetRow(this: PreparedQuery, rows: unknown, isFromBatch?: boolean) {
    const fields = this.fields;
    if (!fields || this.customResultMapper) return mapGet.call(this, rows, isFromBatch);
    const row = ((isFromBatch ? (rows as { rows: ArrayLike<unknown>[] }).rows : rows) as ArrayLike<unknown>[])[0];
    return row ? mapRow(fields, row, this.joinsNotNullableMap) : undefined;
  };
}
