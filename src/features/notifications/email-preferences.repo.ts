import { and, eq, inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type EmailMode, emailPreferences } from '#db/schema/index.ts';

/** A member's chosen modes by category (only the categories they changed). */
export async function modesOf(userId: string, db: DbOrTx = getDb()): Promise<Map<string, EmailMode>> {
  const rows = await db
    .select({ category: emailPreferences.category, mode: emailPreferences.mode })
    .from(emailPreferences)
    .where(eq(emailPreferences.userId, userId));
  return new Map(rows.map((r) => [r.category, r.mode]));
}

/** The chosen mode of each of these members for one category (members who chose nothing are absent). */
export async function modesFor(
  userIds: string[],
  category: string,
  db: DbOrTx = getDb(),
): Promise<Map<string, EmailMode>> {
  const out = new Map<string, EmailMode>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .select({ userId: emailPreferences.userId, mode: emailPreferences.mode })
      .from(emailPreferences)
      .where(and(eq(emailPreferences.category, category), inArray(emailPreferences.userId, userIds.slice(i, i + 500))));
    for (const r of rows) out.set(r.userId, r.mode);
  }
  return out;
}

/** Stores modes for a member, replacing earlier choices for the same categories. */
export async function putModes(
  userId: string,
  modes: { category: string; mode: EmailMode }[],
  now: Date,
  db: DbOrTx = getDb(),
): Promise<void> {
  for (const { category, mode } of modes) {
    await db
      .insert(emailPreferences)
      .values({ userId, category, mode, updatedAt: now })
      .onConflictDoUpdate({
        target: [emailPreferences.userId, emailPreferences.category],
        set: { mode, updatedAt: now },
      });
  }
}
