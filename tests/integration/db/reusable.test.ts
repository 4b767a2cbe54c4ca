import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
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
