import Database from 'libsql';

/*
 * @libsql/client prepares every statement again on each execute: with a few dozen
 * statements per page that was about 7% of a member's page request (CPU profile of the
 * profile page at 10,000 members, README "Benchmark"). The client has no statement
 * cache and no option for one, so this keeps each connection's most recently used
 * prepared statements.
 *
 * Safe because the client runs each statement to completion synchronously (`all` or
 * `run`) before the next one on the same connection starts, and SQLite re-prepares a
 * cached statement by itself when it runs after a schema change. The client also asks
 * each statement for its column names twice per execute, which SQLite builds anew each
 * time (another 4–5%), so they are remembered with the statement. Column names change
 * with the schema only for `SELECT *`, which nothing here issues, and even so: a schema
 * change made through any connection of this process empties every connection's cache,
 * as if nothing had been kept (schema changes come from migrations, which run before
 * any process serves).
 */

/** Remembers a statement's column names and types: they change only with the schema, which empties the cache. */
function rememberColumns(statement: Statement): Statement {
  const read = statement.columns.bind(statement);
  let columns: ReturnType<Statement['columns']> | undefined;
  statement.columns = () => {
    columns ??= read();
    return columns;
  };
  return statement;
}

/**
 * The client sets raw mode and 64-bit integers on every execute (two native calls, about
 * 2% of a member's profile page), always to the same values for a given statement. The
 * native setting is only changed when it differs from the one the statement already
 * has. Raw mode is refused once and for all by a statement that returns no rows (the
 * client relies on that refusal to tell writes from reads), so that refusal is repeated
 * without asking again.
 */
function rememberModes(statement: Statement): Statement {
  const setRaw = statement.raw.bind(statement);
  const setSafeIntegers = statement.safeIntegers.bind(statement);
  let raw: boolean | undefined;
  let rawRefused: { error: unknown } | undefined;
  let safeIntegers: boolean | undefined;
  statement.raw = (toggle?: boolean) => {
    const wanted = toggle ?? true;
    if (rawRefused && wanted) throw rawRefused.error;
    if (raw !== wanted) {
      try {
        setRaw(wanted);
      } catch (error) {
        if (wanted) rawRefused = { error };
        throw error;
      }
      raw = wanted;
    }
    return statement;
  };
  statement.safeIntegers = (toggle?: boolean) => {
    const wanted = toggle ?? true;
    if (safeIntegers !== wanted) {
      setSafeIntegers(wanted);
      safeIntegers = wanted;
    }
    return statement;
  };
  return statement;
}

/** How many statements each connection keeps prepared; pages use a few dozen distinct ones. */
export const STATEMENT_CACHE_SIZE = 256;

type Connection = Database.Database;
type Statement = Database.Statement;

const caches = new WeakMap<Connection, { generation: number; statements: Map<string, Statement> }>();
/** Bumped by every schema change: a connection's statements from an earlier generation are dropped. */
let generation = 0;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;
let installed = false;

/** Installs the per-connection statement cache into the libsql driver (once per process). */
export function installStatementCache(): void {
  if (installed) return;
  installed = true;
  const prepare = Database.prototype.prepare;
  const cachedPrepare = function (this: Connection, sql: string): Statement {
    if (SCHEMA_CHANGE.test(sql)) {
      generation++;
      return prepare.call(this, sql);
    }
    let entry = caches.get(this);
    if (entry?.generation !== generation) {
      entry = { generation, statements: new Map() };
      caches.set(this, entry);
    }
    const cache = entry.statements;
    const hit = cache.get(sql);
    if (hit) {
      // Map order is insertion order: moving the hit to the end makes the first key the least recently used.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const statement = rememberModes(rememberColumns(prepare.call(this, sql)));
    cache.set(sql, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  };
  Database.prototype.prepare = cachedPrepare as Connection['prepare'];
}
