import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { accountTokens, profiles, type Role, type TokenPurpose, users } from '#db/schema/index.ts';

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

/** Inserts a new account with its profile; the first account on an empty site is its admin. */
export async function insertUserWithProfile(
  user: Omit<typeof users.$inferInsert, 'role'>,
  profile: Omit<typeof profiles.$inferInsert, 'userId'>,
  db: DbOrTx,
): Promise<void> {
  await insertFirstAdminOrMember(user, db);
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

/** Inserts a user whose role is `admin` when the site has no user yet (decided inside the one INSERT), else `member`. */
export async function insertFirstAdminOrMember(user: Omit<typeof users.$inferInsert, 'role'>, db: DbOrTx) {
  await db.insert(users).values({
    ...user,
    role: sql`(CASE WHEN EXISTS (SELECT 1 FROM ${users}) THEN 'member' ELSE 'admin' END)`,
  });
}

export async function setRole(userId: string, role: Role, db: DbOrTx): Promise<boolean> {
  const result = await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
  return result.rowsAffected === 1;
}

/** Moderators and admins, by role then name. */
export function listStaff(db: DbOrTx = getDb()) {
  return db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
      suspendedAt: users.suspendedAt,
    })
    .from(users)
    .where(inArray(users.role, ['moderator', 'admin']))
    .orderBy(asc(users.role), asc(users.displayName));
}

/** Suspends (or changes the end of a suspension); `until` null is until lifted. */
export async function setSuspended(userId: string, at: Date, until: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ suspendedAt: sql`coalesce(${users.suspendedAt}, ${at.getTime()})`, suspendedUntil: until, updatedAt: at })
    .where(eq(users.id, userId));
  return result.rowsAffected === 1;
}

/** Lifts a suspension; false when the member was not suspended (someone lifted it first). */
export async function clearSuspension(userId: string, at: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ suspendedAt: null, suspendedUntil: null, updatedAt: at })
    .where(and(eq(users.id, userId), isNotNull(users.suspendedAt)));
  return result.rowsAffected === 1;
}

/** Members whose suspension has run out. */
export async function endedSuspensions(now: Date, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.suspendedAt), lte(users.suspendedUntil, now)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Marks an account for deletion at `dueAt`; false when it already was. */
export async function setDeletionDue(userId: string, dueAt: Date, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ deletionDueAt: dueAt, updatedAt: now })
    .where(and(eq(users.id, userId), isNull(users.deletionDueAt)));
  return result.rowsAffected === 1;
}

/** Cancels a pending deletion whose time has not come; false when there was none (or it is due). */
export async function clearPendingDeletion(userId: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ deletionDueAt: null, updatedAt: now })
    .where(and(eq(users.id, userId), gt(users.deletionDueAt, now)));
  return result.rowsAffected === 1;
}

/**
 * Claims a due deletion inside the caller's write transaction: true when the account
 * still exists and is due. Being a write, it takes the database's write lock first, so
 * of two processes finishing the same deletion only one finds the account.
 */
export async function claimDueDeletion(userId: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ updatedAt: now })
    .where(and(eq(users.id, userId), lte(users.deletionDueAt, now)));
  return result.rowsAffected === 1;
}

/** Accounts whose deletion is due. */
export async function dueDeletions(now: Date, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.select({ id: users.id }).from(users).where(lte(users.deletionDueAt, now)).limit(limit);
  return rows.map((r) => r.id);
}

/** Deletes an account row; everything that references it cascades or is set to null. */
export async function deleteUser(userId: string, db: DbOrTx): Promise<boolean> {
  const result = await db.delete(users).where(eq(users.id, userId));
  return result.rowsAffected === 1;
}
