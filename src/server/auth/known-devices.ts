import { and, eq, gt } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { knownDevices, sessions } from '#db/schema/index.ts';
import { issueToken, secretMatches, splitToken } from './tokens.ts';

/** A browser is remembered for a year after its last successful sign-in. */
export const KNOWN_DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/** An address counts as known for this long after a successful sign-in from it. */
const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;

export interface KnownDevice {
  id: string;
  userId: string;
}

/** The device a "known device" cookie names, if the cookie is genuine and not expired. */
export async function findKnownDevice(token: string | undefined, now = new Date()): Promise<KnownDevice | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await getDb().select().from(knownDevices).where(eq(knownDevices.id, parts.id)).get();
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > KNOWN_DEVICE_LIFETIME_MS) return null;
  return { id: row.id, userId: row.userId };
}

/**
 * Whether the member signed in from `ip` before: the last address of one of their
 * known browsers (within 90 days), or the address one of their live sessions uses.
 */
export async function isKnownAddress(userId: string, ip: string, now = new Date()): Promise<boolean> {
  const session = await getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.ip, ip)))
    .get();
  if (session) return true;
  const row = await getDb()
    .select({ id: knownDevices.id })
    .from(knownDevices)
    .where(
      and(
        eq(knownDevices.userId, userId),
        eq(knownDevices.lastIp, ip),
        gt(knownDevices.lastSeenAt, new Date(now.getTime() - KNOWN_ADDRESS_MS)),
      ),
    )
    .get();
  return row !== undefined;
}

/**
 * Records a successful sign-in from this browser: refreshes the device it already
 * carries (when it is this member's) or issues a new one. Returns the cookie value
 * when a new one must be set.
 */
export async function rememberDevice(
  userId: string,
  current: KnownDevice | null,
  ip: string,
  now = new Date(),
  db: DbOrTx = getDb(),
): Promise<string | null> {
  if (current && current.userId === userId) {
    await db.update(knownDevices).set({ lastSeenAt: now, lastIp: ip }).where(eq(knownDevices.id, current.id));
    return null;
  }
  const { id, token, secretHash } = issueToken();
  await db
    .insert(knownDevices)
    .values({ id, userId, secretHash: Buffer.from(secretHash), lastIp: ip, createdAt: now, lastSeenAt: now });
  return token;
}
