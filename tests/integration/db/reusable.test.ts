import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DbOrTx, getDb } from '#db/client.ts';
import { listValues, MAX_REUSED_LIST, reusable, reusableForList } from '#db/reusable.ts';
import { rateLimits } from '#db/schema/index.ts';

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

describe('reusable queries over a list', () => {
  let builds = 0;
  const countsOf = reusableForList((db: DbOrTx, keys) => {
    builds++;
    return db
      .select({ key: rateLimits.key, count: rateLimits.count })
      .from(rateLimits)
      .where(inArray(rateLimits.key, keys))
      .prepare();
  });
  const keys = Array.from({ length: MAX_REUSED_LIST + 5 }, (_, i) => `list-${i}`);

  it('builds once per list length and answers each list with its own values, however long', async () => {
    const db = getDb();
    await db.insert(rateLimits).values(keys.map((key, i) => ({ key, count: i, resetAt: new Date() })));
    const ask = async (list: string[]) =>
      (await countsOf(db, list.length).all(listValues(list))).map((r) => r.count).sort((a, b) => a - b);
    const before = builds;
    expect(await ask(['list-3', 'list-1'])).toEqual([1, 3]);
    expect(await ask(['list-7', 'list-missing'])).toEqual([7]);
    expect(await ask(['list-2', 'list-4', 'list-9'])).toEqual([2, 4, 9]);
    expect(builds - before).toBe(2); // two lengths
    expect(countsOf(db, 2)).toBe(countsOf(db, 2));
    // Longer than the reused lengths: still right, built for the call and not kept.
    expect(await ask(keys)).toEqual(keys.map((_, i) => i));
    expect(countsOf(db, keys.length)).not.toBe(countsOf(db, keys.length));
  });
});
