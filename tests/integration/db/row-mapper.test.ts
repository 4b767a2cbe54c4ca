import { eq, sql } from 'drizzle-orm';
import { alias, blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import * as drizzleUtils from 'drizzle-orm/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { mapRow } from '#db/row-mapper.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

const people = sqliteTable('people', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  at: integer('at', { mode: 'timestamp_ms' }),
  prefs: text('prefs', { mode: 'json' }).$type<{ theme: string }>(),
  key: blob('key', { mode: 'buffer' }),
});
const pets = sqliteTable('pets', {
  id: integer('id').primaryKey(),
  ownerId: integer('owner_id'),
  name: text('name'),
});
const boss = alias(people, 'boss');

// Drizzle's own row mapping, which the module exports but its types do not declare.
const { mapResultRow } = drizzleUtils as unknown as {
  mapResultRow(
    fields: { path: string[]; field: unknown }[],
    row: unknown[],
    joinsNotNullableMap?: Record<string, boolean>,
  ): unknown;
};

const dir = makeTempDir('whoknows-row-mapper-');
const database = openDatabase(`file:${dir.path}/rows.db`);
const { db } = database;

beforeAll(async () => {
  await database.client.execute(
    'CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL, at INTEGER, prefs TEXT, key BLOB)',
  );
  await database.client.execute('CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER, name TEXT)');
  await db.insert(people).values([
    { id: 1, name: 'ada', active: true, at: new Date(86_400_000), prefs: { theme: 'dark' }, key: Buffer.from('k1') },
    { id: 2, name: 'grace', active: false, at: null, prefs: null, key: null },
  ]);
  await db.insert(pets).values([
    { id: 1, ownerId: 1, name: 'rex' },
    { id: 2, ownerId: 1, name: null },
    { id: 3, ownerId: null, name: 'stray' },
  ]);
});
afterAll(() => {
  database.close();
  dir.remove();
});

/** A select's rows mapped here and by Drizzle's own mapResultRow from the same raw rows. */
async function bothMappings(query: {
  prepare(): { values(): Promise<unknown[][]>; all(): Promise<unknown[]> };
}): Promise<{ ours: unknown[]; drizzles: unknown[] }> {
  const prepared = query.prepare() as unknown as {
    fields: { path: string[]; field: unknown }[];
    joinsNotNullableMap?: Record<string, boolean>;
    values(): Promise<unknown[][]>;
    all(): Promise<unknown[]>;
  };
  const raw = await prepared.values();
  expect(raw.length).toBeGreaterThan(0);
  const drizzles = raw.map((row) => mapResultRow(prepared.fields, [...row], prepared.joinsNotNullableMap));
  expect(raw.map((row) => mapRow(prepared.fields, row, prepared.joinsNotNullableMap))).toEqual(drizzles);
  return { ours: await prepared.all(), drizzles };
}

describe("mapping select rows (Drizzle's mapResultRow, planned once per select)", () => {
  it('decodes every kind of column as Drizzle does, nulls included', async () => {
    const { ours, drizzles } = await bothMappings(db.select().from(people).orderBy(people.id));
    expect(ours).toEqual(drizzles);
    expect(ours[0]).toEqual({
      id: 1,
      name: 'ada',
      active: true,
      at: new Date(86_400_000),
      prefs: { theme: 'dark' },
      key: Buffer.from('k1'),
    });
    expect(ours[1]).toMatchObject({ at: null, prefs: null, key: null, active: false });
  });

  it('builds nested objects and nulls a left-joined table whose columns are all null', async () => {
    const { ours, drizzles } = await bothMappings(
      db.select().from(pets).leftJoin(people, eq(people.id, pets.ownerId)).orderBy(pets.id),
    );
    expect(ours).toEqual(drizzles);
    expect(ours.map((r) => (r as { people: { name: string } | null }).people?.name ?? null)).toEqual([
      'ada',
      'ada',
      null,
    ]);
    expect((ours[2] as { people: unknown }).people).toBeNull();
  });

  it('keeps a nested object whose columns are null when its table is inner-joined, and maps SQL fields with their decoders', async () => {
    const { ours, drizzles } = await bothMappings(
      db
        .select({
          pet: { id: pets.id, name: pets.name },
          owner: { name: people.name, boss: boss.name },
          loud: sql<string>`upper(${pets.name})`,
          count: sql<number>`${pets.id} * 2`.mapWith(Number),
          flag: sql<boolean>`${people.active}`.mapWith(Boolean),
          aliased: sql<string>`${people.name} || '!'`.as('aliased'),
        })
        .from(pets)
        .innerJoin(people, eq(people.id, pets.ownerId))
        .leftJoin(boss, eq(boss.id, sql`2`))
        .orderBy(pets.id),
    );
    expect(ours).toEqual(drizzles);
    expect(ours[1]).toEqual({
      pet: { id: 2, name: null },
      owner: { name: 'ada', boss: 'grace' },
      loud: null,
      count: 4,
      flag: true,
      aliased: 'ada!',
    });
  });

  it('answers single-row reads (get) and empty results as Drizzle does', async () => {
    expect(await db.select({ name: people.name }).from(people).where(eq(people.id, 2)).get()).toEqual({
      name: 'grace',
    });
    expect(await db.select({ name: people.name }).from(people).where(eq(people.id, 9)).get()).toBeUndefined();
    expect(await db.select({ name: people.name }).from(people).where(eq(people.id, 9))).toEqual([]);
  });
});
