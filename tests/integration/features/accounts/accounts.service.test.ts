import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '#db/client.ts';
import { accountTokens, profiles, sessions, users } from '#db/schema/index.ts';
import * as accounts from '#features/accounts/accounts.service.ts';
import { signIn } from '#features/accounts/sign-in.service.ts';
import { signUp } from '#features/accounts/sign-up.service.ts';
import * as passwords from '#server/auth/passwords.ts';
import { RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { validateSessionToken } from '#server/auth/sessions.ts';
import { AppError } from '#server/errors.ts';
import * as mailer from '#server/mail/mailer.ts';
import { createMember, TEST_PASSWORD } from '#tests/helpers/factories.ts';

// No SMTP relay here: capture what would be mailed instead.
function captureMail() {
  const sent: mailer.MailMessage[] = [];
  vi.spyOn(mailer, 'sendMailInBackground').mockImplementation((m) => void sent.push(m));
  return sent;
}
const linkIn = (text: string, path: string) => new RegExp(`${path}/([a-z2-9]+\\.[a-z2-9]+)`).exec(text)?.[1] ?? '';
let ipCounter = 0;
const origin = () => ({ ip: `10.0.0.${++ipCounter}` });

afterEach(() => vi.restoreAllMocks());

async function expectAppError(promise: Promise<unknown>, code: string, field?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect((error as AppError).fields[field]).toBeTruthy();
  return error as AppError;
}

const newcomer = (n: string, extra: Partial<{ email: string; handle: string; password: string }> = {}) => ({
  displayName: `Newcomer ${n}`,
  handle: extra.handle ?? `newcomer-${n}`,
  email: extra.email ?? `newcomer-${n}@example.test`,
  password: extra.password ?? 'violet lantern drift',
});

describe('sign-up', () => {
  it('creates the account unconfirmed with an empty profile and mails a link that confirms it and signs in', async () => {
    const sent = captureMail();
    await signUp(
      { displayName: 'Ada', handle: 'ada', email: 'ada@example.test', password: 'analytical engine notes' },
      origin(),
      '/settings/profile?welcome=1',
    );
    const user = await getDb().select().from(users).where(eq(users.handle, 'ada')).get();
    // The first account on an empty site is its admin (issue 11); the next ones are members.
    expect(user).toMatchObject({ email: 'ada@example.test', role: 'admin', emailVerifiedAt: null });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await getDb().select().from(profiles).where(eq(profiles.userId, user!.id)).get()).toBeTruthy();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, user!.id)).get()).toBeUndefined();
    expect(sent[0]?.to).toBe('ada@example.test');
    expect(sent[0]!.text).toContain('?next=%2Fsettings%2Fprofile%3Fwelcome%3D1');
    const confirmed = await accounts.verifyEmail(linkIn(sent[0]!.text, '/verify'), { ip: '10.9.9.9' });
    expect((await validateSessionToken(confirmed.session!.token))?.user.id).toBe(user!.id);
    expect((await getDb().select().from(users).where(eq(users.id, user!.id)).get())?.emailVerifiedAt).toBeInstanceOf(
      Date,
    );
  });

  it('refuses a common password beside the password field and saves nothing', async () => {
    captureMail();
    await expectAppError(
      signUp({ displayName: 'B', handle: 'bee', email: 'bee@example.test', password: 'password123' }, origin()),
      'BAD_REQUEST',
      'password',
    );
    expect(await getDb().select().from(users).where(eq(users.handle, 'bee')).get()).toBeUndefined();
  });

  it('answers a taken email exactly like a new one, creating nothing and telling the owner by mail (item 9)', async () => {
    const sent = captureMail();
    const existing = await createMember();
    const hashes = vi.spyOn(passwords, 'hashPassword');
    const fresh = await signUp(newcomer('fresh'), origin());
    const taken = await signUp(newcomer('taken', { email: existing.email }), origin());
    expect(taken).toEqual(fresh);
    // Both paths hash the password once, so they take the same time.
    expect(hashes).toHaveBeenCalledTimes(2);
    expect(await getDb().select().from(users).where(eq(users.handle, 'newcomer-taken')).get()).toBeUndefined();
    const toOwner = sent.find((m) => m.to === existing.email)!;
    expect(toOwner.subject).toMatch(/tried to join/);
    expect(toOwner.text).toContain('/reset');
    expect(toOwner.text).not.toMatch(/\/verify\//);
  });

  it('still says a handle is taken (handles are public) and does not count it against the limit', async () => {
    captureMail();
    const existing = await createMember();
    const error = await expectAppError(
      signUp(newcomer('h', { handle: existing.handle, email: existing.email }), origin()),
      'BAD_REQUEST',
    );
    expect(Object.keys(error.fields)).toEqual(['handle']);
  });

  it('lets exactly one of two simultaneous sign-ups for the same handle through', async () => {
    captureMail();
    const attempt = (n: number) =>
      signUp(
        { displayName: `Twin ${n}`, handle: 'twin', email: `twin${n}@example.test`, password: 'violet lantern drift' },
        origin(),
      );
    const results = await Promise.allSettled([attempt(1), attempt(2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failure.reason as AppError).fields.handle).toMatch(/taken/);
    expect((await getDb().select({ n: count() }).from(users).where(eq(users.handle, 'twin')).get())?.n).toBe(1);
  });

  it('is limited per address, counting only attempts that could create an account (item 18)', async () => {
    captureMail();
    const ip = { ip: '192.0.2.77' };
    // Mistakes first: a common password and a taken handle, many times. None counts.
    const taken = await createMember();
    for (let i = 0; i < 10; i++) {
      await signUp(newcomer(`typo-${i}`, { password: '12345678' }), ip).catch(() => undefined);
      await signUp(newcomer(`typo-${i}`, { handle: taken.handle }), ip).catch(() => undefined);
    }
    for (let i = 0; i < RATE_LIMITS.signUpPerIp.limit; i++) await signUp(newcomer(`spam-${i}`), ip);
    const error = await expectAppError(signUp(newcomer('spam-x'), ip), 'TOO_MANY_REQUESTS');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });
});

const CEILING =
  'past the account-wide ceiling, refuses new places, keeps known browsers and addresses working, ' +
  'and mails the owner once';

describe('sign-in', () => {
  it('starts a new session on every sign-in, remembering the address and browser', async () => {
    const member = await createMember();
    const a = await signIn({ email: member.email, password: TEST_PASSWORD }, { ...origin(), userAgent: 'Firefox' });
    const b = await signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    expect(a.token).not.toBe(b.token);
    const rows = await getDb().select().from(sessions).where(eq(sessions.userId, member.id));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.userAgent)).toContain('Firefox');
    expect(rows.every((r) => r.ip?.startsWith('10.0.0.'))).toBe(true);
  });

  it('gives the same answer for a wrong password, an unknown email and an unconfirmed address', async () => {
    const sent = captureMail();
    const member = await createMember();
    const unconfirmed = await createMember({ verified: false });
    const wrong = await expectAppError(
      signIn({ email: member.email, password: 'not it at all' }, origin()),
      'UNAUTHORIZED',
    );
    const unknown = await expectAppError(
      signIn({ email: 'nobody@example.test', password: 'not it at all' }, origin()),
      'UNAUTHORIZED',
    );
    const waiting = await expectAppError(
      signIn({ email: unconfirmed.email, password: unconfirmed.password }, origin()),
      'UNAUTHORIZED',
    );
    expect(wrong.message).toBe(unknown.message);
    expect(waiting.message).toBe(unknown.message);
    // The mailbox's owner gets a fresh confirmation link.
    expect(sent.find((m) => m.to === unconfirmed.email)?.text).toMatch(/\/verify\//);
  });

  it('limits failures per account and address; a success clears them', async () => {
    const member = await createMember();
    const here = { ip: '10.1.1.1' };
    for (let i = 0; i < 7; i++)
      await expectAppError(signIn({ email: member.email, password: 'wrong' }, here), 'UNAUTHORIZED');
    await signIn({ email: member.email, password: TEST_PASSWORD }, here);
    for (let i = 0; i < 8; i++) await signIn({ email: member.email, password: 'wrong' }, here).catch(() => undefined);
    await expectAppError(signIn({ email: member.email, password: TEST_PASSWORD }, here), 'TOO_MANY_REQUESTS');
  });

  it('never lets a stranger’s failures from one address lock the owner out elsewhere (item 5)', async () => {
    const member = await createMember();
    const attacker = { ip: '203.0.113.66' };
    for (let i = 0; i < 20; i++)
      await signIn({ email: member.email, password: 'guess' }, attacker).catch(() => undefined);
    await expectAppError(signIn({ email: member.email, password: TEST_PASSWORD }, attacker), 'TOO_MANY_REQUESTS');
    expect((await signIn({ email: member.email, password: TEST_PASSWORD }, { ip: '198.51.100.3' })).userId).toBe(
      member.id,
    );
  });

  it(CEILING, async () => {
    const sent = captureMail();
    const member = await createMember();
    const home = await signIn({ email: member.email, password: TEST_PASSWORD }, { ip: '198.51.100.10' });
    expect(home.deviceToken).toBeTruthy();
    // A botnet: one guess from each of many addresses.
    for (let i = 0; i < RATE_LIMITS.signInAccountCeiling.limit + 5; i++) {
      await signIn({ email: member.email, password: `guess ${i}` }, { ip: `172.16.${i >> 8}.${i & 255}` }).catch(
        () => undefined,
      );
    }
    await expectAppError(
      signIn({ email: member.email, password: TEST_PASSWORD }, { ip: '192.0.2.200' }),
      'TOO_MANY_REQUESTS',
    );
    // The browser the member used before, even from a new address.
    const fromDevice = await signIn(
      { email: member.email, password: TEST_PASSWORD },
      { ip: '192.0.2.201', deviceToken: home.deviceToken! },
    );
    expect(fromDevice.userId).toBe(member.id);
    expect(fromDevice.deviceToken).toBeNull(); // the same device, refreshed
    // The address the member signed in from before, in a fresh browser.
    expect((await signIn({ email: member.email, password: TEST_PASSWORD }, { ip: '198.51.100.10' })).userId).toBe(
      member.id,
    );
    expect(sent.filter((m) => m.to === member.email && /failed sign-ins/.test(m.subject))).toHaveLength(1);
  });

  it('counts parallel attempts before verifying: of 100 at once, at most the limit are checked (item 4)', async () => {
    const member = await createMember();
    const verify = vi.spyOn(passwords, 'verifyPassword');
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => signIn({ email: member.email, password: 'guess' }, { ip: '10.7.7.7' })),
    );
    expect(verify.mock.calls.length).toBeLessThanOrEqual(RATE_LIMITS.signInPerAccountAddress.limit);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(verify.mock.calls.length);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(92);
  });

  it('does not take a known-device cookie of another member as known', async () => {
    const owner = await createMember();
    const other = await createMember();
    const theirs = await signIn({ email: other.email, password: TEST_PASSWORD }, { ip: '10.3.3.3' });
    for (let i = 0; i < 8; i++) {
      await signIn(
        { email: owner.email, password: 'guess' },
        { ip: '10.3.3.4', deviceToken: theirs.deviceToken! },
      ).catch(() => undefined);
    }
    await expectAppError(
      signIn({ email: owner.email, password: TEST_PASSWORD }, { ip: '10.3.3.4', deviceToken: theirs.deviceToken! }),
      'TOO_MANY_REQUESTS',
    );
  });
});

describe('password reset', () => {
  it('mails a one-hour link that works once, ends every session and signs in afresh', async () => {
    const sent = captureMail();
    const member = await createMember();
    const old = await signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    await accounts.requestPasswordReset(member.email, origin());
    const token = linkIn(sent.at(-1)!.text, '/reset');
    expect(await accounts.isResetTokenUsable(token)).toBe(true);

    const fresh = await accounts.resetPassword(token, 'quiet harbour lights');
    expect(await validateSessionToken(old.token)).toBeNull();
    expect(await validateSessionToken(fresh.token)).not.toBeNull();
    await expectAppError(accounts.resetPassword(token, 'another new phrase'), 'NOT_FOUND');
    await expectAppError(signIn({ email: member.email, password: TEST_PASSWORD }, origin()), 'UNAUTHORIZED');
    expect((await signIn({ email: member.email, password: 'quiet harbour lights' }, origin())).userId).toBe(member.id);
  });

  it('refuses an expired link', async () => {
    const sent = captureMail();
    const member = await createMember();
    await accounts.requestPasswordReset(member.email, origin());
    const token = linkIn(sent.at(-1)!.text, '/reset');
    const later = new Date(Date.now() + 61 * 60 * 1000);
    expect(await accounts.isResetTokenUsable(token, later)).toBe(false);
    await expectAppError(accounts.resetPassword(token, 'quiet harbour lights', {}, later), 'NOT_FOUND');
  });

  it('says nothing about whether an email has an account', async () => {
    const sent = captureMail();
    await expect(accounts.requestPasswordReset('ghost@example.test', origin())).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
  });

  it('does not half-save a reset with a weak new password', async () => {
    const sent = captureMail();
    const member = await createMember();
    await accounts.requestPasswordReset(member.email, origin());
    const token = linkIn(sent.at(-1)!.text, '/reset');
    await expectAppError(accounts.resetPassword(token, '12345678'), 'BAD_REQUEST', 'password');
    expect(await accounts.isResetTokenUsable(token)).toBe(true);
    const row = await getDb().select().from(accountTokens).where(eq(accountTokens.userId, member.id)).get();
    expect(row?.usedAt).toBeNull();
  });
});

describe('email verification and password change', () => {
  it('a confirmation link works once; a second click is refused', async () => {
    const sent = captureMail();
    await signUp(newcomer('vee'), origin());
    const token = linkIn(sent[0]!.text, '/verify');
    const user = await getDb().select().from(users).where(eq(users.handle, 'newcomer-vee')).get();
    const signedInAlready = await accounts.verifyEmail(token, { currentUserId: user!.id });
    expect(signedInAlready.session).toBeNull(); // this browser is already theirs: no second session
    await expectAppError(accounts.verifyEmail(token), 'NOT_FOUND');
  });

  it('changes the password only with the current one, ending other sessions', async () => {
    const member = await createMember();
    const other = await signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    await expectAppError(
      accounts.changePassword(member.id, 'wrong', 'new phrase here'),
      'BAD_REQUEST',
      'currentPassword',
    );
    const mine = await accounts.changePassword(member.id, TEST_PASSWORD, 'new phrase here');
    expect(await validateSessionToken(other.token)).toBeNull();
    expect(await validateSessionToken(mine.token)).not.toBeNull();
  });
});
