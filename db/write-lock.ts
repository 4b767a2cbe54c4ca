import type { Client, InArgs, InStatement, ResultSet, Transaction, TransactionMode } from '@libsql/client';

/**
 * Serialises writes to an embedded (file) database within this process.
 *
 * The embedded driver runs SQLite synchronously. If two async transactions interleave
 * on separate connections, the second one's BEGIN IMMEDIATE busy-waits while blocking
 * the event loop, so the first can never commit: a deadlock that ends in SQLITE_BUSY.
 * Queueing every write (transactions, batches, bare INSERT/UPDATE/DELETE) behind one
 * async lock avoids it; reads never take the lock, and WAL lets them run beside a
 * writer. Other processes on the same file are handled by SQLite's busy timeout.
 */
class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  /**
   * Waits for the lock. A wait longer than `timeoutMs` almost always means a write was
   * sent through `db` inside a `db.transaction` callback (the lock then waits on itself),
   * so it fails loudly instead of hanging.
   */
  acquire(timeoutMs: number): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const turn = this.#tail;
    this.#tail = this.#tail.then(() => held);
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(
          new Error(
            `Waited ${timeoutMs} ms for the database write lock. ` +
              'Inside db.transaction(async (tx) => …) write through `tx`, not `db`.',
          ),
        );
      }, timeoutMs);
      timer.unref();
      void turn.then(() => {
        clearTimeout(timer);
        if (timedOut) release();
        else resolve(release);
      });
    });
  }
}

const LOCK_TIMEOUT_MS = 30_000;

function sqlText(stmt: InStatement): string {
  return typeof stmt === 'string' ? stmt : stmt.sql;
}

/** Statements that cannot write: everything else is queued behind the lock. */
function isRead(stmt: InStatement): boolean {
  return /^\s*(select|pragma\s+\w+\s*$|explain)\b/i.test(sqlText(stmt));
}

/** Wraps a file-database client so that its writes are serialised (see above). */
export function withWriteLock(client: Client): Client {
  const lock = new AsyncLock();

  async function locked<T>(run: () => Promise<T>): Promise<T> {
    const release = await lock.acquire(LOCK_TIMEOUT_MS);
    try {
      return await run();
    } finally {
      release();
    }
  }

  async function transaction(mode?: TransactionMode): Promise<Transaction> {
    if (mode === 'read') return client.transaction(mode);
    const release = await lock.acquire(LOCK_TIMEOUT_MS);
    let tx: Transaction;
    try {
      tx = await client.transaction(mode);
    } catch (error) {
      release();
      throw error;
    }
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    // Release exactly once, whichever way the transaction ends.
    return new Proxy(tx, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'commit' || prop === 'rollback') {
          return async () => {
            try {
              return await (value as () => Promise<void>).call(target);
            } finally {
              done();
            }
          };
        }
        if (prop === 'close') {
          return () => {
            try {
              (value as () => void).call(target);
            } finally {
              done();
            }
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'execute') {
        return (stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> => {
          const stmt: InStatement = args === undefined ? stmtOrSql : { sql: sqlText(stmtOrSql), args };
          return isRead(stmt) ? target.execute(stmt) : locked(() => target.execute(stmt));
        };
      }
      if (prop === 'batch') {
        return (stmts: InStatement[], mode?: TransactionMode) =>
          mode === 'read' ? target.batch(stmts, mode) : locked(() => target.batch(stmts, mode));
      }
      if (prop === 'migrate') {
        return (stmts: InStatement[]) => locked(() => target.migrate(stmts));
      }
      if (prop === 'executeMultiple') {
        return (sql: string) => locked(() => target.executeMultiple(sql));
      }
      if (prop === 'transaction') return transaction;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
