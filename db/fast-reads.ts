import type { Client } from '@libsql/client';
import { LibSQLPreparedQuery } from 'drizzle-orm/libsql/session';
import { fillPlaceholders } from 'drizzle-orm/sql/sql';
import Database from 'libsql';

/*
 * Drizzle reads every row of a query through @libsql/client, which turns SQLite's row
 * (an array) into an object by `Object.defineProperty` per column (named and numbered,
 * with 64-bit integers as BigInt converted back to numbers); Drizzle then copies that
 * object back into an array to map it to its result. For an embedded file, a plain
 * SELECT that Drizzle runs outside a transaction is read here instead, on a connection of
 * our own in raw mode: SQLite's arrays go to Drizzle as they are. What Drizzle makes of
 * them is unchanged (it maps by position either way).
 * Measured (README "Benchmark"): a member's search 4.14 → 3.79 ms of CPU, a profile page
 * 3.44 → 3.03 ms.
 *
 * Safe because the connection only ever reads, each read runs to completion
 * synchronously (no read transaction is left open), and in WAL mode a read sees every
 * transaction committed before it, whichever connection committed it. Statements inside
 * a transaction keep going through the transaction's connection (they must see its
 * uncommitted writes). Anything this path cannot do the same way (an argument type it
 * does not know, an error) is handed to the client's path, which then answers or fails
 * exactly as before.
 */

/** The read connection of each file client Drizzle was given (see `withFastReads`). */
const readers = new WeakMap<Client, Reader>();

/*
 * Only SELECT: write-lock.ts also counts a bare PRAGMA and EXPLAIN as reads, but a PRAGMA
 * on this connection would answer for this connection (its cache size, say), not the
 * client's.
 */
const SELECT = /^\s*select\b/i;

type Connection = InstanceType<typeof Database>;

/**
 * SQLite's page cache for the read connection, in KiB (the default is 2,000). The reads
 * of a member's page jump between members (a search's results, a profile's people), so
 * most of them missed a 2 MB cache and each miss was a system call. 8 MB took the
 * statement that loads a search's results from about 280 to 170 µs at 10,000 members.
 */
const READ_CACHE_KIB = 8000;

/** Opens the connection on first use: the file may not exist until the client has created it. */
class Reader {
  /** Reads answered on this connection (for tests). */
  served = 0;
  #path: string;
  #connection: Connection | null = null;
  #closed = false;

  constructor(path: string) {
    this.#path = path;
  }

  connection(): Connection | null {
    if (this.#closed) return null;
    if (!this.#connection) {
      try {
        const connection = new Database(this.#path, { timeout: 5000 });
        connection.exec(`PRAGMA cache_size = -${READ_CACHE_KIB}`);
        this.#connection = connection;
      } catch {
        return null;
      }
    }
    return this.#connection;
  }

  close(): void {
    this.#closed = true;
    this.#connection?.close();
    this.#connection = null;
  }
}

/**
 * An argument as the client would bind it (its `valueToSql`), or `undefined` for one it
 * treats specially (it refuses `undefined`, checks bigint ranges, copies ArrayBuffers):
 * such reads take the client's path.
 */
function bindable(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return value ? 1 : 0;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return value.valueOf();
      if (Buffer.isBuffer(value)) return value;
      return undefined;
    default:
      return undefined;
  }
}

/** SQLite's rows as arrays, or null when this path cannot read them as the client would. */
function readRows(reader: Reader, sql: string, params: unknown[]): unknown[][] | null {
  const args: unknown[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const value = bindable(params[i]);
    if (value === undefined) return null;
    args[i] = value;
  }
  const connection = reader.connection();
  if (!connection) return null;
  try {
    const statement = connection.prepare(sql);
    // Integers as numbers: every integer this schema stores (times in ms, counts, ids) is well within 2^53.
    statement.safeIntegers(false);
    statement.raw(true);
    return statement.all(args) as unknown[][];
  } catch {
    return null;
  }
}

let installed = false;

/** Routes Drizzle's plain reads of clients registered with `withFastReads` (once per process). */
function install(): void {
  if (installed) return;
  installed = true;
  const prototype = LibSQLPreparedQuery.prototype as unknown as PreparedQuery;
  const values = prototype.values;
  prototype.values = function fastValues(this: PreparedQuery, placeholderValues?: Record<string, unknown>) {
    const reader = this.tx ? undefined : readers.get(this.client);
    if (!reader || !SELECT.test(this.query.sql)) return values.call(this, placeholderValues);
    const params = fillPlaceholders(this.query.params, placeholderValues ?? {});
    const rows = readRows(reader, this.query.sql, params);
    if (!rows) return values.call(this, placeholderValues);
    reader.served++;
    this.logger.logQuery(this.query.sql, params);
    return Promise.resolve(rows);
  };
}

interface PreparedQuery {
  client: Client;
  tx: unknown;
  query: { sql: string; params: unknown[] };
  logger: { logQuery(sql: string, params: unknown[]): void };
  values(placeholderValues?: Record<string, unknown>): Promise<unknown[][]>;
}

/**
 * Gives the client of an embedded database file (`path`) a read connection for Drizzle's
 * plain reads. Returns what closes that connection. In-memory databases are private to
 * their connection, so they keep the client's path.
 */
export function withFastReads(client: Client, path: string): () => void {
  install();
  const reader = new Reader(path);
  readers.set(client, reader);
  return () => {
    readers.delete(client);
    reader.close();
  };
}

/** How many reads of `client` the read connection has answered (for tests). */
export function fastReadsServed(client: Client): number {
  return readers.get(client)?.served ?? 0;
}
