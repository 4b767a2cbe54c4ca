import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
import { authVersion, profiles, sessions, users, type Visibility } from '#db/schema/index.ts';
import { issueToken, secretMatches, splitToken } from './tokens.ts';

/** A session ends after this long without a request. */
export const SESSION_IDLE_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** …and this long after sign-in, however active. */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 60 * 24 * 60 * 60 * 1000;
/** Activity is written back at most this often, so most requests do not write. */
export const SESSION_ACTIVITY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The signed-in member as a request knows them; `suspendedAt` lets the middleware keep a
 * suspended member to their notice. `profile` is what every one of their pages shows of
 * their own profile (the header's face, times in their zone), read with the session so
 * a page does not ask again; null if they have no profile row.
 */
export type SessionUser = Pick<
  typeof users.$inferSelect,
  'id' | 'email' | 'handle' | 'displayName' | 'role' | 'emailVerifiedAt' | 'suspendedAt'
> & { profile: { avatarKey: string | null; visibility: Visibility; timezone: string } | null };

export interface ValidSession {
  id: string;
  userId: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
}

export interface SessionResult {
  session: ValidSession;
  user: SessionUser;
  /** When the cookie should expire: the earlier of idle and absolute expiry. */
  cookieExpiresAt: Date;
  /** True when activity was written back and the cookie should be re-sent. */
  refreshed: boolean;
}

function cookieExpiry(lastVerifiedAt: Date, expiresAt: Date): Date {
  return new Date(Math.min(lastVerifiedAt.getTime() + SESSION_IDLE_TIMEOUT_MS, expiresAt.getTime()));
}

/** What the member's sessions list shows about the browser behind a session. */
export interface SessionClient {
  ip?: string;
  userAgent?: string | null;
}

const USER_AGENT_MAX = 300;

/** Starts a session for a user; returns the token for the cookie (never stored). */
export async function createSession(
  userId: string,
  db: DbOrTx = getDb(),
  now = new Date(),
  client: SessionClient = {},
) {
  const { id, token, secretHash } = issueToken();
  const session: ValidSession = {
    id,
    userId,
    createdAt: now,
    lastVerifiedAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS),
  };
  await db.insert(sessions).values({
    ...session,
    secretHash: Buffer.from(secretHash),
    ip: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
  });
  return { token, session, cookieExpiresAt: cookieExpiry(now, session.expiresAt) };
}

/** The session by id with its member: built once, as every request of a member runs it. */
const sessionWithUser = reusable((db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      secretHash: sessions.secretHash,
      createdAt: sessions.createdAt,
      lastVerifiedAt: sessions.lastVerifiedAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        handle: users.handle,
        displayName: users.displayName,
        role: users.role,
        emailVerifiedAt: users.emailVerifiedAt,
        suspendedAt: users.suspendedAt,
      },
      // A NOT NULL column first: Drizzle makes a left-joined object null when its first field is.
      profile: { timezone: profiles.timezone, visibility: profiles.visibility, avatarKey: profiles.avatarKey },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionWithUser>['get']>>>;

/** The version triggers raise whenever anything `sessionWithUser` reads changes (see `authVersion`). */
const currentAuthVersion = reusable((db) =>
  db.select({ version: authVersion.version }).from(authVersion).where(eq(authVersion.id, 1)).prepare(),
);

/**
 * Sessions this process has read, with the auth version read just before them: every
 * request of a member validates their session, and the three-table read behind it was
 * about a twentieth of a member's search. While the version is the same, nothing the
 * row holds has changed, in this process or any other; a different version reads afresh.
 */
const readSessions = new WeakMap<Db, Map<string, { version: number; row: SessionRow }>>();
/** Sessions remembered per database at most; past it the memory starts again. */
const READ_SESSIONS_LIMIT = 10_000;

async function readSession(db: Db, id: string): Promise<SessionRow | undefined> {
  // The version first: a change committed after it raises the version past what is remembered.
  const version = (await currentAuthVersion(db).get())?.version;
  let remembered = readSessions.get(db);
  const known = remembered?.get(id);
  if (known && known.version === version) return known.row;
  const row = await sessionWithUser(db).get({ id });
  if (version === undefined) return row;
  if (!remembered) readSessions.set(db, (remembered = new Map()));
  if (!row) {
    remembered.delete(id);
    return row;
  }
  if (remembered.size >= READ_SESSIONS_LIMIT) remembered.clear();
  remembered.set(id, { version, row });
  return row;
}

/** Activity this process wrote is not a change to the version (see the triggers): remember it. */
function rememberActivity(db: Db, id: string, lastVerifiedAt: Date): void {
  const known = readSessions.get(db)?.get(id);
  if (known) known.row = { ...known.row, lastVerifiedAt };
}

/**
 * Checks a session token: well-formed, known, secret matching in constant time, not
 * idle too long, not past its absolute expiry. Expired sessions are deleted on sight.
 * A suspended member's session stays valid: they may still read the notice, export
 * their data and appeal (the middleware keeps them to those pages).
 */
export async function validateSessionToken(
  token: string | undefined,
  now = new Date(),
  ip?: string,
): Promise<SessionResult | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const db = getDb();
  const row = await readSession(db, parts.id);
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;

  const idleExpired = now.getTime() - row.lastVerifiedAt.getTime() >= SESSION_IDLE_TIMEOUT_MS;
  if (idleExpired || now >= row.expiresAt) {
    await db.delete(sessions).where(eq(sessions.id, row.id));
    return null;
  }

  let lastVerifiedAt = row.lastVerifiedAt;
  let refreshed = false;
  if (now.getTime() - lastVerifiedAt.getTime() >= SESSION_ACTIVITY_INTERVAL_MS) {
    lastVerifiedAt = now;
    refreshed = true;
    // The address is refreshed with the activity time, for the member's sessions list.
    await db
      .update(sessions)
      .set(ip ? { lastVerifiedAt, ip } : { lastVerifiedAt })
      .where(eq(sessions.id, row.id));
    rememberActivity(db, row.id, lastVerifiedAt);
  }
  const user: SessionUser = { ...row.user, profile: row.profile ? { ...row.profile } : null };
  return {
    session: { id: row.id, userId: row.userId, createdAt: row.createdAt, lastVerifiedAt, expiresAt: row.expiresAt },
    user,
    cookieExpiresAt: cookieExpiry(lastVerifiedAt, row.expiresAt),
    refreshed,
  };
}

/** Ends one session (sign-out). */
export async function invalidateSession(sessionId: string, db: DbOrTx = getDb()): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (password change or reset, suspension, deletion). */
export async function invalidateUserSessions(userId: string, db: DbOrTx = getDb()): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** A member's sessions, most recently active first (for their sessions list). */
export function listUserSessions(userId: string, db: DbOrTx = getDb()): Promise<SessionSummary[]> {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastVerifiedAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastVerifiedAt));
}

/** Ends one of a member's own sessions; false when it is not theirs (or already gone). */
export async function invalidateUserSession(userId: string, sessionId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const result = await db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
  return result.rowsAffected > 0;
}

/** Ends every session of a member but `keepId` (this browser); returns how many ended. */
export async function invalidateOtherSessions(userId: string, keepId: string, db: DbOrTx = getDb()): Promise<number> {
  const result = await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)));
  return result.rowsAffected;
}
