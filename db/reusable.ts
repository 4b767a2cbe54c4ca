import { type Placeholder, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

/*
 * Drizzle builds a query's SQL text anew on every call. For a member row (two dozen
 * columns and a subquery) that allocated about 100 KB and took longer than SQLite's
 * own work, on every member request (allocation profile of the profile page, README
 * "Benchmark"). The fixed-shape queries that every request runs are therefore built
 * once per database (or transaction) with `sql.placeholder`s and run with values.
 */

/** Memoises `build(db)` per database or transaction: pass a builder ending in `.prepare()`. */
export function reusable<Query>(build: (db: DbOrTx) => Query): (db: DbOrTx) => Query {
  const built = new WeakMap<DbOrTx, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/** Lists longer than this are built on each call: every length is a query of its own. */
export const MAX_REUSED_LIST = 100;

/**
 * `reusable` for a query over a list of values (`IN (…)`), built once per database and
 * list length with the placeholders it is given; run it with `listValues(values)`.
 */
export function reusableForList<Query>(
  build: (db: DbOrTx, placeholders: Placeholder[]) => Query,
): (db: DbOrTx, length: number) => Query {
  const built = new WeakMap<DbOrTx, Map<number, Query>>();
  const placeholders = (length: number) => Array.from({ length }, (_, i) => sql.placeholder(`v${i}`));
  return (db, length) => {
    if (length > MAX_REUSED_LIST) return build(db, placeholders(length));
    let byLength = built.get(db);
    if (byLength === undefined) {
      byLength = new Map();
      built.set(db, byLength);
    }
    let query = byLength.get(length);
    if (query === undefined) {
      query = build(db, placeholders(length));
      byLength.set(length, query);
    }
    return query;
  };
}

/** The placeholder values of a `reusableForList` query for `values`. */
export function listValues(values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) out[`v${i}`] = values[i];
  return out;
}
