import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
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

/**
 * `column IN (the JSON array bound to placeholder `name`)`: an id list of any length as
 * one bound value, so a query filtering on a list keeps one shape and can be built once
 * with `reusable` (Drizzle's `inArray` writes one `?` per id, a new statement per length).
 * Bind the list with `jsonList(ids)`.
 */
export function inJsonList(column: SQLWrapper, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/** The value to bind for an `inJsonList` placeholder. */
export function jsonList(values: readonly (string | number)[]): string {
  return JSON.stringify(values);
}
