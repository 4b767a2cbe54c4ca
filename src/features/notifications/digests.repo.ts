import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { digestEntries, digests, emailPreferences, notifications, profiles, users } from '#db/schema/index.ts';

/* The digest queue: notices waiting for a member's next digest email, and the digests themselves. */

export type DigestRow = typeof digests.$inferSelect;

/** Queues notices for their members' next digest (inside the transaction that records them). */
export async function enqueueEntries(
  rows: { notificationId: number; userId: string; createdAt: Date }[],
  db: DbOrTx,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(digestEntries)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
}

/** Members with queued entries not yet in a digest: the oldest entry's time, their zone and chosen follows mode. */
export function waitingMembers(limit: number, db: DbOrTx = getDb()) {
  return db
    .select({
      userId: digestEntries.userId,
      oldest: sql<number>`min(${digestEntries.createdAt})`.mapWith(Number),
      timezone: profiles.timezone,
      mode: emailPreferences.mode,
    })
    .from(digestEntries)
    .innerJoin(profiles, eq(profiles.userId, digestEntries.userId))
    .leftJoin(
      emailPreferences,
      and(eq(emailPreferences.userId, digestEntries.userId), eq(emailPreferences.category, 'follows')),
    )
    .where(isNull(digestEntries.digestId))
    .groupBy(digestEntries.userId)
    .limit(limit);
}

/** Drops a member's queued entries (they chose the inbox only since). */
export async function dropWaiting(userId: string, db: DbOrTx): Promise<void> {
  await db.delete(digestEntries).where(and(eq(digestEntries.userId, userId), isNull(digestEntries.digestId)));
}

/**
 * Opens a digest for a member and moves every waiting entry up to `until` into it, in
 * one transaction. Returns null (and writes nothing) when another digest of theirs
 * still waits to be sent (the partial unique index) or nothing was waiting.
 */
export async function openDigest(
  userId: string,
  frequency: 'daily' | 'weekly',
  until: Date,
  now: Date,
  db: DbOrTx,
): Promise<number | null> {
  const created = await db
    .insert(digests)
    .values({ userId, frequency, itemCount: 0, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: digests.id })
    .get();
  if (!created) return null;
  const moved = await db
    .update(digestEntries)
    .set({ digestId: created.id })
    .where(and(eq(digestEntries.userId, userId), isNull(digestEntries.digestId), lte(digestEntries.createdAt, until)));
  if (moved.rowsAffected === 0) {
    await db.delete(digests).where(eq(digests.id, created.id));
    return null;
  }
  await db.update(digests).set({ itemCount: moved.rowsAffected }).where(eq(digests.id, created.id));
  return created.id;
}

/** Digests waiting to be sent whose lease is free (never taken, or run out). */
export async function sendable(now: Date, limit: number, db: DbOrTx = getDb()): Promise<number[]> {
  const rows = await db
    .select({ id: digests.id })
    .from(digests)
    .where(
      and(
        isNull(digests.sentAt),
        isNull(digests.failedAt),
        or(isNull(digests.leaseUntil), lt(digests.leaseUntil, now)),
      ),
    )
    .orderBy(asc(digests.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Takes the lease on a digest for `owner` until `until`: a conditional update, so of
 * several workers exactly one wins it; returns the digest when this one did.
 */
export async function takeLease(
  id: number,
  owner: string,
  now: Date,
  until: Date,
  db: DbOrTx = getDb(),
): Promise<DigestRow | null> {
  const row = await db
    .update(digests)
    .set({ leaseOwner: owner, leaseUntil: until, attempts: sql`${digests.attempts} + 1` })
    .where(
      and(
        eq(digests.id, id),
        isNull(digests.sentAt),
        isNull(digests.failedAt),
        or(isNull(digests.leaseUntil), lt(digests.leaseUntil, now)),
      ),
    )
    .returning()
    .get();
  return row ?? null;
}

/** The notices a digest carries, oldest first, with the member they are for. */
export function digestContent(id: number, db: DbOrTx = getDb()) {
  return db
    .select({ notification: notifications })
    .from(digestEntries)
    .innerJoin(notifications, eq(notifications.id, digestEntries.notificationId))
    .where(eq(digestEntries.digestId, id))
    .orderBy(asc(notifications.id));
}

/** The recipient of a digest. */
export function recipient(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ email: users.email, displayName: users.displayName, suspendedAt: users.suspendedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/** Marks a digest sent (only by the lease holder) and its notices emailed. */
export async function markSent(id: number, owner: string, notificationIds: number[], now: Date): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .update(digests)
      .set({ sentAt: now, leaseUntil: null })
      .where(and(eq(digests.id, id), eq(digests.leaseOwner, owner)));
    if (notificationIds.length > 0)
      await tx.update(notifications).set({ emailedAt: now }).where(inArray(notifications.id, notificationIds));
  });
}

/** Gives the digest back after a failed send: retried after `retryAt`, or given up. */
export async function releaseAfterFailure(
  id: number,
  owner: string,
  error: string,
  retryAt: Date | null,
  now: Date,
): Promise<void> {
  await getDb()
    .update(digests)
    .set(retryAt ? { leaseUntil: retryAt, lastError: error } : { failedAt: now, lastError: error })
    .where(and(eq(digests.id, id), eq(digests.leaseOwner, owner)));
}

/** Marks a digest sent with nothing to send (every notice in it went away): it is done, not mailed. */
export async function closeEmpty(id: number, owner: string, now: Date): Promise<void> {
  await getDb()
    .update(digests)
    .set({ sentAt: now, itemCount: 0 })
    .where(and(eq(digests.id, id), eq(digests.leaseOwner, owner)));
}

/** When the member's last digest went out, or null. */
export async function lastSentAt(userId: string, db: DbOrTx = getDb()): Promise<Date | null> {
  const row = await db
    .select({ at: sql<number | null>`max(${digests.sentAt})` })
    .from(digests)
    .where(eq(digests.userId, userId))
    .get();
  return row?.at ? new Date(Number(row.at)) : null;
}

/** How many notices wait for the member's next digest. */
export async function countWaiting(userId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(digestEntries)
    .where(and(eq(digestEntries.userId, userId), isNull(digestEntries.digestId)))
    .get();
  return row?.n ?? 0;
}
