import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { database, getDb, openDatabase } from '#db/client.ts';
import { fastReadsServed } from '#db/fast-reads.ts';
import { authVersion, profiles, sessions, users } from '#db/schema/index.ts';
import { createSession, invalidateSession, validateSessionToken } from '#server/auth/sessions.ts';
import { createMember } from '#tests/helpers/factories.ts';

/*
 * A process reuses a session it validated while the auth version (raised by triggers,
 * migration 0014) stays the same. "Another process" here is a second connection to the
 * same database file, as another server process would hold: what it changes must show
 * at this process's very next request.
 */
const other = openDatabase(process.env.DATABASE_URL!);
afterAll(() => other.close());

const versionNow = async () =>
  (await getDb().select({ v: authVersion.version }).from(authVersion).where(eq(authVersion.id, 1)).get())!.v;

async function signedIn() {
  const member = await createMember({ timezone: 'Europe/Oslo' });
  const { token, session } = await createSession(member.id);
  return { member, token, sessionId: session.id };
}

describe('validated sessions are reused only while nothing they read has changed', () => {
  it('answers a repeated validation from memory: one read of the version instead of the session', async () => {
    const { token, member } = await signedIn();
    const first = await validateSessionToken(token);
    const readsBefore = fastReadsServed(database().client);
    const again = await validateSessionToken(token);
    expect(fastReadsServed(database().client) - readsBefore).toBe(1);
    expect(again?.user).toEqual(first?.user);
    expect(again?.user.handle).toBe(member.handle);
  });

  it("sees another process's changes to the member and their profile at the next request", async () => {
    const { token, member } = await signedIn();
    expect((await validateSessionToken(token))?.user).toMatchObject({ suspendedAt: null, role: 'member' });

    const when = new Date('2026-11-30T10:00:00Z');
    await other.db.update(users).set({ suspendedAt: when }).where(eq(users.id, member.id));
    expect((await validateSessionToken(token))?.user.suspendedAt).toEqual(when);

    await other.db.update(users).set({ role: 'moderator', displayName: 'Renamed' }).where(eq(users.id, member.id));
    expect((await validateSessionToken(token))?.user).toMatchObject({ role: 'moderator', displayName: 'Renamed' });

    await other.db
      .update(profiles)
      .set({ avatarKey: 'face1', timezone: 'Asia/Tokyo' })
      .where(eq(profiles.userId, member.id));
    expect((await validateSessionToken(token))?.user.profile).toMatchObject({
      avatarKey: 'face1',
      timezone: 'Asia/Tokyo',
    });
  });

  it('ends a session whose activity another process set back past the idle timeout', async () => {
    const { token, sessionId } = await signedIn();
    expect(await validateSessionToken(token)).not.toBeNull();
    const longAgo = new Date(Date.now() - 15 * 24 * 60 * 60 * 1000);
    await other.db.update(sessions).set({ lastVerifiedAt: longAgo }).where(eq(sessions.id, sessionId));
    expect(await validateSessionToken(token)).toBeNull();
  });

  it('ends a session signed out through another process at once', async () => {
    const { token, sessionId } = await signedIn();
    expect(await validateSessionToken(token)).not.toBeNull();
    await invalidateSession(sessionId, other.db);
    expect(await validateSessionToken(token)).toBeNull();
  });

  it('ends the sessions of a deleted account at once', async () => {
    const { token, member } = await signedIn();
    expect(await validateSessionToken(token)).not.toBeNull();
    await other.db.delete(users).where(eq(users.id, member.id));
    expect(await validateSessionToken(token)).toBeNull();
  });

  it('still checks the secret and the expiry of a remembered session on every request', async () => {
    const { token } = await signedIn();
    expect(await validateSessionToken(token)).not.toBeNull();
    const [id] = token.split('.') as [string, string];
    expect(await validateSessionToken(`${id}.${'a'.repeat(52)}`)).toBeNull();
    const farFuture = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000);
    expect(await validateSessionToken(token, farFuture)).toBeNull();
  });

  it('writes activity once per interval though the session is remembered, and remembers what it wrote', async () => {
    const { token, sessionId } = await signedIn();
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect((await validateSessionToken(token, later))?.refreshed).toBe(true);
    expect((await validateSessionToken(token, new Date(later.getTime() + 1000)))?.refreshed).toBe(false);
    const row = await getDb().select().from(sessions).where(eq(sessions.id, sessionId)).get();
    expect(row?.lastVerifiedAt).toEqual(later);
  });
});

describe('the auth version', () => {
  it('rises with every change validation reads, and not with activity or other columns', async () => {
    const { member, sessionId } = await signedIn();
    const profile = await getDb().select().from(profiles).where(eq(profiles.userId, member.id)).get();
    const rises: [string, () => Promise<unknown>, boolean][] = [
      [
        'activity',
        () =>
          other.db
            .update(sessions)
            .set({ lastVerifiedAt: new Date(Date.now() + 60_000), ip: '10.0.0.1' })
            .where(eq(sessions.id, sessionId)),
        false,
      ],
      [
        'activity set back',
        () =>
          other.db
            .update(sessions)
            .set({ lastVerifiedAt: new Date(Date.now() - 20 * 24 * 60 * 60 * 1000) })
            .where(eq(sessions.id, sessionId)),
        true,
      ],
      [
        'headline',
        () => other.db.update(profiles).set({ headline: 'New' }).where(eq(profiles.userId, member.id)),
        false,
      ],
      ['password', () => other.db.update(users).set({ passwordHash: 'x' }).where(eq(users.id, member.id)), false],
      [
        'session expiry',
        () => other.db.update(sessions).set({ expiresAt: new Date() }).where(eq(sessions.id, sessionId)),
        true,
      ],
      [
        'email',
        () =>
          other.db
            .update(users)
            .set({ email: `${member.handle}@new.test` })
            .where(eq(users.id, member.id)),
        true,
      ],
      [
        'handle',
        () =>
          other.db
            .update(users)
            .set({ handle: `${member.handle}-2` })
            .where(eq(users.id, member.id)),
        true,
      ],
      [
        'verification',
        () => other.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, member.id)),
        true,
      ],
      [
        'visibility',
        () => other.db.update(profiles).set({ visibility: 'members' }).where(eq(profiles.userId, member.id)),
        true,
      ],
      ['profile removed', () => other.db.delete(profiles).where(eq(profiles.userId, member.id)), true],
      ['profile added', () => other.db.insert(profiles).values(profile!), true],
      ['session ended', () => other.db.delete(sessions).where(eq(sessions.id, sessionId)), true],
    ];
    for (const [what, change, rises_] of rises) {
      const before = await versionNow();
      await change();
      expect([what, (await versionNow()) > before]).toEqual([what, rises_]);
    }
  });
});
