import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { siteKeys } from '#db/schema/index.ts';

/*
 * Values the site signs so that a link can prove what it is for without a session:
 * an unsubscribe link names a member and a kind of notice, and only the site could
 * have made its signature. The key is made on first use and kept in the database, so
 * every server process signs and checks with the same one and it survives restarts.
 */

const keys = new Map<string, Promise<Buffer>>();

async function loadKey(name: string): Promise<Buffer> {
  const db = getDb();
  // Two processes may both make one at first: the primary key keeps the first, and both read it back.
  await db
    .insert(siteKeys)
    .values({ name, secret: randomBytes(32) })
    .onConflictDoNothing();
  const row = await db.select({ secret: siteKeys.secret }).from(siteKeys).where(eq(siteKeys.name, name)).get();
  if (!row) throw new Error(`site key ${name} could not be stored`);
  return Buffer.from(row.secret);
}

function siteKey(name: string): Promise<Buffer> {
  let key = keys.get(name);
  if (!key) {
    key = loadKey(name).catch((error: unknown) => {
      keys.delete(name);
      throw error;
    });
    keys.set(name, key);
  }
  return key;
}

function mac(key: Buffer, purpose: string, value: string): Buffer {
  // 128 bits of HMAC-SHA256 are plenty for a link: forging one means guessing them.
  return createHmac('sha256', key).update(`${purpose}\n${value}`).digest().subarray(0, 16);
}

/** `value` with a signature for `purpose` appended (`<value>.<signature>`, URL-safe when `value` is). */
export async function signValue(purpose: string, value: string): Promise<string> {
  const key = await siteKey(purpose);
  return `${value}.${mac(key, purpose, value).toString('base64url')}`;
}

/** The value of a signed string made by `signValue` for `purpose`, or null if it was not (constant-time check). */
export async function verifySignedValue(purpose: string, signed: string): Promise<string | null> {
  if (signed.length > 300) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1), 'base64url');
  const expected = mac(await siteKey(purpose), purpose, value);
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/** Forgets cached keys (tests that swap databases). */
export function forgetSiteKeysForTests(): void {
  keys.clear();
}
