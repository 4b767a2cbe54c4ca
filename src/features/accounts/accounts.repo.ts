import { and, eq, gt, isNull } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { accountTokens, profiles, type TokenPurpose, users } from '#db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export function findUserByEmail(email: string, db: DbOrTx = getDb()): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(id: string, db: DbOrTx = getDb()): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function findUserByHandle(handle: string, db: DbOrTx = getDb()): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.handle, handle)).get();
}

export async function insertUserWithProfile(
  user: typeof users.$inferInsert,
  profile: Omit<typeof profiles.$inferInsert, 'userId'>,
  db: DbOrTx,
): Promise<void> {
  await db.insert(users).values(user);
  await db.insert(profiles).values({ ...profile, userId: user.id });
}

export async function updatePasswordHash(userId: string, passwordHash: string, db: DbOrTx): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function markEmailVerified(userId: string, at: Date, db: DbOrTx): Promise<void> {
  await db.update(users).set({ emailVerifiedAt: at, updatedAt: at }).where(eq(users.id, userId));
}

export async function insertAccountToken(row: typeof accountTokens.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(accountTokens).values(row);
}

/** A token that is unused and unexpired, with its secret hash for the caller to compare. */
export function findUsableToken(id: string, purpose: TokenPurpose, now: Date, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.id, id),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .get();
}

/**
 * Marks a token used only if it still is unused: returns false when another request
 * got there first, so a token works exactly once even under concurrent clicks.
 */
export async function consumeToken(id: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt)));
  return result.rowsAffected === 1;
}

/** Retires every other outstanding token of a purpose (a reset invalidates older reset links). */
export async function retireTokens(userId: string, purpose: TokenPurpose, now: Date, db: DbOrTx): Promise<void> {
  await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}
