import { asc, eq, inArray, sql } from 'drizzle-orm';
import { blob, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { packedRows } from '#db/packed-rows.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

const people = sqliteTable('people', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  at: integer('at', { mode: 'timestamp_ms' }),
  prefs: text('prefs', { mode: 'json' }).$type<{ theme: string }>(),
  note: text('note'),
  score: real('score'),
  key: blob('key', { mode: 'buffer' }),
});
const pets = sqliteTable('pets', {
  id: integer('id').primaryKey(),
  ownerId: integer('owner_id').notNull(),
  name: text('name').notNull(),
});

const dir = makeTempDir('whoknows-packed-rows-');
const database = openDatabase(`file:${dir.path}/rows.db`);
const { db } = database;

// Text as hostile as members write it: quotes, backslashes, control characters, emoji, JSON-looking text.
const NOTES = ['say "hi"\\now', 'tab\there\nline\u0001', 'ünïcødé 🙂 𝒳', '[1,2]', '', null];

beforeAll(async () => {
  await database.client.execute(
    'CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL, at INTEGER, ' +
      'prefs TEXT, note TEXT, score REAL, key BLOB)',
  );
  await database.client.execute(
    'CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, name TEXT NOT NULL)',
  );
  await db.insert(people).values(
    NOTES.map((note, i) => ({
      id: i + 1,
      name: `person ${i}`,
      active: i % 2 === 0,
      at: i % 3 === 0 ? null : new Date(Date.UTC(2026, 10, i + 1, 12, 30, 15, 123)),
      prefs: i % 2 === 0 ? { theme: i === 0 ? 'dark "night"' : 'light' } : null,
      note,
      score: i / 3,
      key: Buffer.from(`k${i}`),
    })),
  );
  await db.insert(pets).values([
    { id: 1, ownerId: 1, name: 'rex' },
    { id: 2, ownerId: 1, name: 'tom' },
    { id: 3, ownerId: 3, name: 'stray' },
  ]);
});
afterAll(() => {
  database.close();
  dir.remove();
});

const fields = {
  id: people.id,
  name: people.name,
  active: people.active,
  at: people.at,
  prefs: people.prefs,
  note: people.note,
  // Qualified by hand: Drizzle leaves column names unqualified in a one-table select.
  pets: sql<number>`(SELECT count(*) FROM pets WHERE pets.owner_id = people.id)`.mapWith(Number),
  nested: { shout: sql<string>`upper(${people.name})` },
};

describe('packedRows', () => {
  it('unpacks every row into what the plain select maps, value for value and type for type', async () => {
    const packed = packedRows(fields);
    const plain = await db.select(fields).from(people).orderBy(asc(people.id));
    const row = await db.select({ rows: packed.column }).from(people).get();
    const unpacked = packed.unpack(row?.rows ?? null).sort((a, b) => a.id - b.id);
    expect(unpacked).toEqual(plain);
    expect(unpacked.map((r) => r.note)).toEqual(NOTES);
    expect(unpacked[1]!.at).toBeInstanceOf(Date);
    expect(unpacked[1]!.at!.getTime()).toBe(Date.UTC(2026, 10, 2, 12, 30, 15, 123));
    expect(unpacked[0]!.prefs).toEqual({ theme: 'dark "night"' });
    expect(unpacked.map((r) => r.pets)).toEqual([2, 0, 1, 0, 0, 0]);
    // Same keys in the same order as Drizzle's objects.
    expect(Object.keys(unpacked[0]!)).toEqual(Object.keys(plain[0]!));
  });

  it('gives no rows when the select matches none (and for a null cell)', async () => {
    const packed = packedRows(fields);
    const row = await db
      .select({ rows: packed.column })
      .from(people)
      .where(inArray(people.id, [404]))
      .get();
    expect(row?.rows).toBe('[]');
    expect(packed.unpack(row!.rows)).toEqual([]);
    expect(packed.unpack(null)).toEqual([]);
  });

  it('packs the rows of a join', async () => {
    const packed = packedRows({ pet: pets.name, owner: people.name });
    const row = await db
      .select({ rows: packed.column })
      .from(pets)
      .innerJoin(people, eq(people.id, pets.ownerId))
      .get();
    expect(packed.unpack(row!.rows).sort((a, b) => a.pet.localeCompare(b.pet))).toEqual([
      { pet: 'rex', owner: 'person 0' },
      { pet: 'stray', owner: 'person 2' },
      { pet: 'tom', owner: 'person 0' },
    ]);
  });

  it('refuses columns JSON would change (reals, blobs) and aliased expressions', () => {
    expect(() => packedRows({ score: people.score })).toThrow(/score is a SQLiteReal/);
    expect(() => packedRows({ key: people.key })).toThrow(/key is a SQLiteBlobBuffer/);
    expect(() => packedRows({ shout: sql<string>`upper(${people.name})`.as('shout') })).toThrow(/shout must be/);
  });
});
