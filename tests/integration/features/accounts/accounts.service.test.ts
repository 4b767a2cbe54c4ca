import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '#db/client.ts';
import { accountTokens, profiles, sessions, users } from '#db/schema/index.ts';
import * as accounts from '#features/accounts/accounts.service.ts';
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

describe('sign-up', () => {
  it('creates the account with an empty profile, a session and a verification mail', async () => {
    const sent = captureMail();
    const result = await accounts.signUp(
      { displayName: 'Ada', handle: 'ada', email: 'ada@example.test', password: 'analytical engine notes' },
      origin(),
    );
    const user = await getDb().select().from(users).where(eq(users.id, result.userId)).get();
    expect(user).toMatchObject({ handle: 'ada', email: 'ada@example.test', role: 'member', emailVerifiedAt: null });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await getDb().select().from(profiles).where(eq(profiles.userId, result.userId)).get()).toBeTruthy();
    expect((await validateSessionToken(result.token))?.user.id).toBe(result.userId);
    expect(sent[0]?.to).toBe('ada@example.test');
    expect(linkIn(sent[0]!.text, '/verify')).not.toBe('');
  });

  it('refuses a common password beside the password field and saves nothing', async () => {
    captureMail();
    await expectAppError(
      accounts.signUp(
        { displayName: 'B', handle: 'bee', email: 'bee@example.test', password: 'password123' },
        origin(),
      ),
      'BAD_REQUEST',
      'password',
    );
    expect(await getDb().select().from(users).where(eq(users.handle, 'bee')).get()).toBeUndefined();
  });

  it('refuses a taken email and a taken handle with messages beside each field', async () => {
    captureMail();
    const existing = await createMember();
    const error = await expectAppError(
      accounts.signUp(
        { displayName: 'C', handle: existing.handle, email: existing.email, password: 'violet lantern drift' },
        origin(),
      ),
      'BAD_REQUEST',
    );
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'handle']);
  });

  it('lets exactly one of two simultaneous sign-ups for the same handle succeed', async () => {
    captureMail();
    const attempt = (n: number) =>
      accounts.signUp(
        { displayName: `Twin ${n}`, handle: 'twin', email: `twin${n}@example.test`, password: 'violet lantern drift' },
        origin(),
      );
    const results = await Promise.allSettled([attempt(1), attempt(2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failure.reason as AppError).fields.handle).toMatch(/taken/);
    expect((await getDb().select({ n: count() }).from(users).where(eq(users.handle, 'twin')).get())?.n).toBe(1);
  });

  it('is limited per IP', async () => {
    captureMail();
    const ip = { ip: '192.0.2.77' };
    for (let i = 0; i < 6; i++) {
      await accounts.signUp(
        { displayName: 'S', handle: `spam-${i}`, email: `spam${i}@example.test`, password: 'violet lantern drift' },
        ip,
      );
    }
    const error = await expectAppError(
      accounts.signUp(
        { displayName: 'S', handle: 'spam-x', email: 'spamx@example.test', password: 'violet lantern drift' },
        ip,
      ),
      'TOO_MANY_REQUESTS',
    );
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('sign-in', () => {
  it('starts a new session on every sign-in', async () => {
    const member = await createMember();
    const a = await accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    const b = await accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    expect(a.token).not.toBe(b.token);
    expect((await getDb().select({ n: count() }).from(sessions).where(eq(sessions.userId, member.id)).get())?.n).toBe(
      2,
    );
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const member = await createMember();
    const wrong = await expectAppError(
      accounts.signIn({ email: member.email, password: 'not it at all' }, origin()),
      'UNAUTHORIZED',
    );
    const unknown = await expectAppError(
      accounts.signIn({ email: 'nobody@example.test', password: 'not it at all' }, origin()),
      'UNAUTHORIZED',
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it('locks an account after 8 failures from anywhere, and a success resets the count', async () => {
    const member = await createMember();
    for (let i = 0; i < 7; i++)
      await expectAppError(accounts.signIn({ email: member.email, password: 'wrong' }, origin()), 'UNAUTHORIZED');
    await accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    for (let i = 0; i < 8; i++)
      await accounts.signIn({ email: member.email, password: 'wrong' }, origin()).catch(() => undefined);
    await expectAppError(
      accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin()),
      'TOO_MANY_REQUESTS',
    );
  });
});

describe('password reset', () => {
  it('mails a one-hour link that works once, ends every session and signs in afresh', async () => {
    const sent = captureMail();
    const member = await createMember();
    const old = await accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin());
    await accounts.requestPasswordReset(member.email, origin());
    const token = linkIn(sent.at(-1)!.text, '/reset');
    expect(await accounts.isResetTokenUsable(token)).toBe(true);

    const fresh = await accounts.resetPassword(token, 'quiet harbour lights');
    expect(await validateSessionToken(old.token)).toBeNull();
    expect(await validateSessionToken(fresh.token)).not.toBeNull();
    await expectAppError(accounts.resetPassword(token, 'another new phrase'), 'NOT_FOUND');
    await expectAppError(accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin()), 'UNAUTHORIZED');
    expect((await accounts.signIn({ email: member.email, password: 'quiet harbour lights' }, origin())).userId).toBe(
      member.id,
    );
  });

  it('refuses an expired link', async () => {
    const sent = captureMail();
    const member = await createMember();
    await accounts.requestPasswordReset(member.email, origin());
    const token = linkIn(sent.at(-1)!.text, '/reset');
    const later = new Date(Date.now() + 61 * 60 * 1000);
    expect(await accounts.isResetTokenUsable(token, later)).toBe(false);
    await expectAppError(accounts.resetPassword(token, 'quiet harbour lights', later), 'NOT_FOUND');
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
  it('verifies an email from the mailed link', async () => {
    const sent = captureMail();
    const { userId } = await accounts.signUp(
      { displayName: 'Vee', handle: 'vee', email: 'vee@example.test', password: 'violet lantern drift' },
      origin(),
    );
    await accounts.verifyEmail(linkIn(sent[0]!.text, '/verify'));
    expect((await getDb().select().from(users).where(eq(users.id, userId)).get())?.emailVerifiedAt).toBeInstanceOf(
      Date,
    );
  });

  it('changes the password only with the current one, ending other sessions', async () => {
    const member = await createMember();
    const other = await accounts.signIn({ email: member.email, password: TEST_PASSWORD }, origin());
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
