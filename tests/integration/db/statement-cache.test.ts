import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { STATEMENT_CACHE_SIZE } from '#db/statement-cache.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

// The cache is installed by openDatabase into the libsql driver itself; these tests
// use a database file of their own so they can change its schema freely.
const dir = makeTempDir('whoknows-statements-');
const database = openDatabase(`file:${dir.path}/cache.db`);
const { client } = database;
afterAll(() => {
  database.close();
  dir.remove();
});

describe('the prepared-statement cache', () => {
  it('answers repeated statements with their own arguments each time', async () => {
    await client.execute('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    await client.batch(
      ['ada', 'grace', 'linus'].map((name) => ({ sql: 'INSERT INTO things (name) VALUES (?)', args: [name] })),
    );
    const names = [];
    for (const id of [1, 2, 3, 2, 1]) {
      const result = await client.execute({ sql: 'SELECT name FROM things WHERE id = ?', args: [id] });
      names.push(result.rows[0]?.name);
    }
    expect(names).toEqual(['ada', 'grace', 'linus', 'grace', 'ada']);
  });

  it('keeps statements correct when many run at once and inside transactions', async () => {
    const reads = Array.from({ length: 60 }, (_, i) =>
      client.execute({ sql: 'SELECT count(*) AS n FROM things WHERE id <= ?', args: [(i % 3) + 1] }),
    );
    const counts = (await Promise.all(reads)).map((r) => Number(r.rows[0]?.n));
    expect(counts).toEqual(Array.from({ length: 60 }, (_, i) => (i % 3) + 1));
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO things (name) VALUES (?)', args: ['margaret'] });
    const inside = await tx.execute({ sql: 'SELECT count(*) AS n FROM things WHERE id <= ?', args: [99] });
    await tx.rollback();
    const after = await client.execute({ sql: 'SELECT count(*) AS n FROM things WHERE id <= ?', args: [99] });
    expect([Number(inside.rows[0]?.n), Number(after.rows[0]?.n)]).toEqual([4, 3]);
  });

  it('reads the new columns after the schema changes', async () => {
    const before = await client.execute('SELECT * FROM things WHERE id = 1');
    expect(before.columns).toEqual(['id', 'name']);
    await client.execute("ALTER TABLE things ADD COLUMN field TEXT NOT NULL DEFAULT 'computing'");
    const after = await client.execute('SELECT * FROM things WHERE id = 1');
    expect(after.columns).toEqual(['id', 'name', 'field']);
    expect(after.rows[0]?.field).toBe('computing');
  });

  it('reads the new schema on a connection whose cached statement predates another connection changing it', () => {
    const [reader, writer] = [new Database(`${dir.path}/cache.db`), new Database(`${dir.path}/cache.db`)];
    try {
      const read = () => reader.prepare('SELECT * FROM things WHERE id = 1').raw(true).all()[0];
      expect(read()).toEqual([1, 'ada', 'computing']);
      writer.prepare('ALTER TABLE things ADD COLUMN era INTEGER DEFAULT 1843').run();
      expect(read()).toEqual([1, 'ada', 'computing', 1843]);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('prepares a statement once per connection and forgets the least recently used past its size', () => {
    const connection = new Database(`${dir.path}/cache.db`);
    try {
      const first = connection.prepare('SELECT 1 AS one');
      expect(connection.prepare('SELECT 1 AS one')).toBe(first);
      expect(first.raw(true).all()).toEqual([[1]]);
      for (let i = 0; i < STATEMENT_CACHE_SIZE; i++) connection.prepare(`SELECT ${i + 2} AS n`);
      expect(connection.prepare('SELECT 1 AS one')).not.toBe(first);
    } finally {
      connection.close();
    }
  });

  it('applies raw mode and 64-bit integers as asked each time, and keeps refusing raw mode to a write', async () => {
    const connection = new Database(`${dir.path}/cache.db`);
    try {
      const read = connection.prepare('SELECT id, name FROM things WHERE id = 2');
      expect(read.raw(true).safeIntegers(true).all()).toEqual([[2n, 'grace']]);
      expect(read.raw(true).safeIntegers(true).all()).toEqual([[2n, 'grace']]);
      expect(read.raw(false).all()).toEqual([{ id: 2n, name: 'grace' }]);
      expect(read.safeIntegers(false).all()).toEqual([{ id: 2, name: 'grace' }]);
      expect(read.raw().safeIntegers(false).all()).toEqual([[2, 'grace']]);
      expect(read.safeIntegers().all()).toEqual([[2n, 'grace']]);

      const write = connection.prepare('UPDATE things SET name = name WHERE id = ?');
      expect(() => write.raw(true)).toThrow();
      expect(() => write.raw(true)).toThrow();
      expect(write.run(1).changes).toBe(1);
    } finally {
      connection.close();
    }
    // Through the client, which tells writes from reads by that refusal, again and again.
    for (let i = 0; i < 3; i++) {
      const write = await client.execute({ sql: 'UPDATE things SET name = name WHERE id <= ?', args: [2] });
      expect(write.rowsAffected).toBe(2);
      expect(write.rows).toEqual([]);
      const read = await client.execute({ sql: 'SELECT name FROM things WHERE id <= ? ORDER BY id', args: [2] });
      expect(read.rows.map((r) => r.name)).toEqual(['ada', 'grace']);
    }
  });
});
