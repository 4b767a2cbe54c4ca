import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';

describe('embedded database writes under concurrency', () => {
  it('runs 40 interleaving transactions and plain writes without SQLITE_BUSY', async () => {
    const db = getDb();
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? db.transaction(async (tx) => {
            const current = await tx.select({ n: count() }).from(rateLimits).get();
            await new Promise((resolve) => setTimeout(resolve, 2)); // yield mid-transaction
            await tx.insert(rateLimits).values({ key: `lock-${i}`, count: current?.n ?? 0, resetAt: new Date() });
          })
        : db.insert(rateLimits).values({ key: `lock-${i}`, count: 0, resetAt: new Date() }),
    );
    await Promise.all(work);
    const rows = await db.select({ n: count() }).from(rateLimits).where(sql`${rateLimits.key} like 'lock-%'`).get();
    expect(rows?.n).toBe(40);
  });

  it('rolls back a failed transaction completely and keeps serving writes', async () => {
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(rateLimits).values({ key: 'rollback-me', count: 1, resetAt: new Date() });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, 'rollback-me')).get()).toBeUndefined();
    await db.insert(rateLimits).values({ key: 'after-rollback', count: 1, resetAt: new Date() });
  });

  it('reads while a write transaction is open', async () => {
    const db = getDb();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (t) => {
      await t.insert(rateLimits).values({ key: 'open-tx', count: 1, resetAt: new Date() });
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seen = await db.select().from(rateLimits).where(eq(rateLimits.key, 'open-tx')).get();
    expect(seen).toBeUndefined(); // not committed yet, and the read did not block
    release();
    await tx;
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, 'open-tx')).get()).toBeTruthy();
  });
});
