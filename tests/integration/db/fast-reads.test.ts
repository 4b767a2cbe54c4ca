import { eq, sql } from 'drizzle-orm';
import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { fastReadsServed } from '#db/fast-reads.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

// A table of every kind of column the schema uses, in a database file of the test's own.
const things = sqliteTable('things', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  note: text('note'),
  flag: integer('flag', { mode: 'boolean' }).notNull(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  bytes: blob('bytes', { mode: 'buffer' }),
});
const owners = sqliteTable('owners', {
  thingId: integer('thing_id').notNull(),
  owner: text('owner').notNull(),
});

/** A row with a value in every kind of column. */
const ada = {
  id: 1,
  name: 'ada',
  note: null,
  flag: true,
  at: new Date(1_700_000_000_123),
  tags: ['math'],
  bytes: Buffer.from([1, 2, 255]),
};

const dir = makeTempDir('whoknows-fast-reads-');
const database = openDatabase(`file:${dir.path}/reads.db`);
const { db, client } = database;
const memory = openDatabase('file::memory:');

async function create(target: typeof database): Promise<void> {
  await target.client.execute(
    'CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, flag INTEGER NOT NULL, ' +
      'at INTEGER NOT NULL, tags TEXT NOT NULL, bytes BLOB)',
  );
  await target.client.execute('CREATE TABLE owners (thing_id INTEGER NOT NULL, owner TEXT NOT NULL)');
  await target.db.insert(things).values([
    ada,
    { id: 2, name: 'grace', note: 'cobol', flag: false, at: new Date(0), tags: [], bytes: null },
    {
      id: 3,
      name: 'ünïcødé 🎉',
      note: '',
      flag: true,
      at: new Date(2_000_000_000_000),
      tags: ['a', 'b'],
      bytes: Buffer.alloc(0),
    },
  ]);
  await target.db.insert(owners).values([
    { thingId: 1, owner: 'x' },
    { thingId: 1, owner: 'y' },
    { thingId: 3, owner: 'z' },
  ]);
}

beforeAll(async () => {
  await create(database);
  await create(memory);
});
afterAll(() => {
  database.close();
  memory.close();
  dir.remove();
});

/** The same query run through the client (inside a transaction) and through the read connection. */
async function bothWays<T>(query: (d: typeof db) => Promise<T>): Promise<{ fast: T; client: T; served: number }> {
  const before = fastReadsServed(client);
  const fast = await query(db);
  const served = fastReadsServed(client) - before;
  const viaClient = await db.transaction((tx) => query(tx as unknown as typeof db));
  return { fast, client: viaClient, served };
}

describe('plain reads on the read connection', () => {
  it('give Drizzle the same rows as the client does, for every kind of column', async () => {
    const { fast, client: viaClient, served } = await bothWays((d) => d.select().from(things).orderBy(things.id));
    expect(served).toBe(1);
    expect(fast).toEqual(viaClient);
    expect(fast[0]).toEqual(ada);
    expect(fast[2]?.name).toBe('ünïcødé 🎉');
  });

  it('give the same answers for joins, computed columns, placeholders, single rows and aggregates', async () => {
    const prepared = db
      .select({ id: things.id, n: sql<number>`count(${owners.owner})`, big: sql<number>`${things.id} * 4294967296` })
      .from(things)
      .leftJoin(owners, eq(owners.thingId, things.id))
      .where(eq(things.flag, sql.placeholder('flag')))
      .groupBy(things.id)
      .orderBy(things.id)
      .prepare();
    const {
      fast,
      client: viaClient,
      served,
    } = await bothWays(async (d) => ({
      joined: await d
        .select({ name: things.name, owner: owners.owner })
        .from(things)
        .innerJoin(owners, eq(owners.thingId, things.id))
        .orderBy(owners.owner),
      one: await d.select({ name: things.name }).from(things).where(eq(things.id, 2)).get(),
      none: await d.select({ name: things.name }).from(things).where(eq(things.id, 99)).get(),
      grouped: await prepared.all({ flag: 1 }),
    }));
    expect(fast).toEqual(viaClient);
    expect(fast.joined).toEqual([
      { name: 'ada', owner: 'x' },
      { name: 'ada', owner: 'y' },
      { name: 'ünïcødé 🎉', owner: 'z' },
    ]);
    expect(fast.one).toEqual({ name: 'grace' });
    expect(fast.none).toBeUndefined();
    expect(fast.grouped).toEqual([
      { id: 1, n: 2, big: 4294967296 },
      { id: 3, n: 1, big: 3 * 4294967296 },
    ]);
    // Four reads, the prepared statement among them.
    expect(served).toBe(4);
  });

  it('see what was committed just before, through the client or a transaction', async () => {
    await db.insert(things).values({ id: 10, name: 'linus', flag: false, at: new Date(5), tags: [] });
    expect(await db.select({ name: things.name }).from(things).where(eq(things.id, 10))).toEqual([{ name: 'linus' }]);
    await db.transaction(async (tx) => {
      await tx.update(things).set({ name: 'torvalds' }).where(eq(things.id, 10));
    });
    const before = fastReadsServed(client);
    expect(await db.select({ name: things.name }).from(things).where(eq(things.id, 10))).toEqual([
      { name: 'torvalds' },
    ]);
    expect(fastReadsServed(client) - before).toBe(1);
  });

  it('leave a transaction reading its own uncommitted writes through its connection', async () => {
    const before = fastReadsServed(client);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(things).values({ id: 11, name: 'margaret', flag: true, at: new Date(7), tags: [] });
        const inside = await tx.select({ name: things.name }).from(things).where(eq(things.id, 11));
        expect(inside).toEqual([{ name: 'margaret' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.select({ name: things.name }).from(things).where(eq(things.id, 11))).toEqual([]);
    expect(fastReadsServed(client) - before).toBe(1);
  });

  it('hand what they cannot do alike to the client: unknown argument types and errors', async () => {
    const before = fastReadsServed(client);
    // A bigint argument is checked and bound by the client.
    expect(await db.select({ name: things.name }).from(things).where(sql`${things.id} = ${2n}`)).toEqual([
      { name: 'grace' },
    ]);
    // An error comes from the client's path, as it always did.
    await expect(db.select({ x: sql<number>`missing_column` }).from(things)).rejects.toThrow(/missing_column/);
    expect(fastReadsServed(client) - before).toBe(0);
  });

  it('are not used for a database in memory, which a second connection could not see', async () => {
    const rows = await memory.db.select({ name: things.name }).from(things).orderBy(things.id);
    expect(rows.map((r) => r.name)).toEqual(['ada', 'grace', 'ünïcødé 🎉']);
    expect(fastReadsServed(memory.client)).toBe(0);
  });

  it('leave reads without a column list (raw SQL) to the client, which names the columns', async () => {
    const before = fastReadsServed(client);
    const rows = await db.all<{ name: string; n: number }>(sql`SELECT name, id * 2 AS n FROM things WHERE id = 1`);
    expect(rows).toEqual([{ name: 'ada', n: 2 }]);
    expect(fastReadsServed(client) - before).toBe(0);
  });
});
