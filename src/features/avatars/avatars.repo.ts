import { and, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { avatarImages, profiles } from '#db/schema/index.ts';

/** One stored size of a member's picture, if it is still the one with this key. */
export function findImage(userId: string, size: number, key: string, db: DbOrTx = getDb()) {
  return db
    .select({ bytes: avatarImages.bytes })
    .from(avatarImages)
    .where(and(eq(avatarImages.userId, userId), eq(avatarImages.size, size), eq(avatarImages.key, key)))
    .get();
}

/** Replaces the member's stored picture (every size) and points the profile at it. */
export async function replaceImages(
  userId: string,
  key: string,
  images: { size: number; bytes: Buffer }[],
  now: Date,
  db: DbOrTx,
): Promise<void> {
  await db.delete(avatarImages).where(eq(avatarImages.userId, userId));
  await db
    .insert(avatarImages)
    .values(images.map((i) => ({ userId, size: i.size, key, bytes: i.bytes, createdAt: now })));
  await db.update(profiles).set({ avatarKey: key, updatedAt: now }).where(eq(profiles.userId, userId));
}

/** Removes the member's picture; the generated one shows again. */
export async function deleteImages(userId: string, now: Date, db: DbOrTx): Promise<void> {
  await db.delete(avatarImages).where(eq(avatarImages.userId, userId));
  await db.update(profiles).set({ avatarKey: null, updatedAt: now }).where(eq(profiles.userId, userId));
}

/** The member's current picture key (null: the generated one). */
export async function findAvatarKey(userId: string, db: DbOrTx = getDb()): Promise<string | null> {
  const row = await db.select({ key: profiles.avatarKey }).from(profiles).where(eq(profiles.userId, userId)).get();
  return row?.key ?? null;
}
