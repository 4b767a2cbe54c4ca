import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DbOrTx, getDb } from '#db/client.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import { rateLimits, skills } from '#db/schema/index.ts';
import { skillIdByName } from '#tests/helpers/factories.ts';

describe('reusable queries', () => {
  let builds = 0;
  const countOf = reusable((db: DbOrTx) => {
    builds++;
    return db
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(eq(rateLimits.key, sql.placeholder('key')))
      .prepare();
  });

  it('builds once per database and answers each call with its own values', async () => {
    const db = getDb();
    await db.insert(rateLimits).values([
      { key: 'reusable-a', count: 1, resetAt: new Date() },
      { key: 'reusable-b', count: 2, resetAt: new Date() },
    ]);
    const before = builds;
    const answers = await Promise.all(
      ['reusable-a', 'reusable-b', 'reusable-missing', 'reusable-a'].map((key) => countOf(db).get({ key })),
    );
    expect(answers.map((a) => a?.count ?? null)).toEqual([1, 2, null, 1]);
    expect(builds - before).toBeLessThanOrEqual(1);
    expect(countOf(db)).toBe(countOf(db));
  });

  it('inside a transaction, reads what the transaction wrote and leaves nothing behind after a rollback', async () => {
    const db = getDb();
    let inside: number | null = null;
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(rateLimits).values({ key: 'reusable-tx', count: 7, resetAt: new Date() });
        inside = (await countOf(tx).get({ key: 'reusable-tx' }))?.count ?? null;
        expect(countOf(tx)).not.toBe(countOf(db));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(inside).toBe(7);
    expect(await countOf(db).get({ key: 'reusable-tx' })).toBeUndefined();
  });
});

describe('id lists as one bound value', () => {
  const countsOf = reusable((db: DbOrTx) =>
    db
      .select({ key: rateLimits.key, count: rateLimits.count })
      .from(rateLimits)
      .where(inJsonList(rateLimits.key, 'keys'))
      .orderBy(rateLimits.key)
      .prepare(),
  );

  it('answers lists of any length, with quotes and commas in the values, through one statement', async () => {
    const db = getDb();
    const keys = ['json-a', 'json-b', 'json-"c", 1'];
    await db.insert(rateLimits).values(keys.map((key, i) => ({ key, count: i + 1, resetAt: new Date() })));
    const query = countsOf(db);
    expect(await query.all({ keys: jsonList([]) })).toEqual([]);
    expect(await query.all({ keys: jsonList(['json-b']) })).toEqual([{ key: 'json-b', count: 2 }]);
    expect(await query.all({ keys: jsonList([...keys, 'json-missing']) })).toEqual([
      { key: 'json-"c", 1', count: 3 },
      { key: 'json-a', count: 1 },
      { key: 'json-b', count: 2 },
    ]);
    expect(countsOf(db)).toBe(query);
  });

  it('matches integer columns by number, looking each one up by its key', async () => {
    const db = getDb();
    const [go, rust] = await Promise.all([skillIdByName('Go'), skillIdByName('Rust')]);
    const byIds = (d: DbOrTx) =>
      d
        .select({ id: skills.id, name: skills.name })
        .from(skills)
        .where(inJsonList(skills.id, 'ids'))
        .orderBy(skills.id);
    const found = await byIds(db)
      .prepare()
      .all({ ids: jsonList([rust, go, -1]) });
    expect(found.map((r) => r.id)).toEqual([go, rust].sort((x, y) => x - y));
    const plan = await db.all<{ detail: string }>(sql.raw(`explain query plan ${byIds(db).toSQL().sql}`));
    const steps = plan.map((p) => p.detail).join('\n');
    expect(steps).toMatch(/SEARCH skills USING INTEGER PRIMARY KEY/);
    expect(steps).not.toMatch(/SCAN skills/);
  });
});
