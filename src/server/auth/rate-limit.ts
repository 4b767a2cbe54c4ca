import { eq, lt, or, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';
import { AppError } from '#server/errors.ts';

export interface RateLimitPolicy {
  /** Namespace of the key, e.g. `signin-ip`. */
  name: string;
  limit: number;
  windowMs: number;
  /** Shown to the person when the limit is hit. */
  message: string;
}

const MINUTE = 60_000;

/** Every limit the site enforces, in one place so they are easy to review. */
export const RATE_LIMITS = {
  // Sign-in: every attempt is counted before the password is checked, in one atomic
  // upsert, so parallel guesses cannot slip past a limit. A stranger's failures never
  // lock the owner out: they count per account *and* address, a browser the member
  // signed in with before has a counter of its own, and the slow account-wide ceiling
  // spares known browsers and addresses (and mails the owner when it is reached).
  signInPerIp: {
    name: 'signin-ip',
    limit: 30,
    windowMs: 15 * MINUTE,
    message: 'Too many sign-in attempts from your network.',
  },
  signInPerAccountAddress: {
    name: 'signin-account-ip',
    limit: 8,
    windowMs: 15 * MINUTE,
    message: 'Too many failed sign-in attempts for this account from your network.',
  },
  signInPerDevice: {
    name: 'signin-device',
    limit: 8,
    windowMs: 15 * MINUTE,
    message: 'Too many failed sign-in attempts from this browser.',
  },
  signInAccountCeiling: {
    name: 'signin-account',
    limit: 100,
    windowMs: 24 * 60 * MINUTE,
    message:
      'This account has had too many failed sign-in attempts today, so it only accepts sign-ins from browsers ' +
      'and networks it knows. Reset your password to get in now.',
  },
  /** A signed-in member re-entering their password (changing it): per member. */
  passwordCheckPerUser: {
    name: 'password-check',
    limit: 8,
    windowMs: 15 * MINUTE,
    message: 'Too many wrong passwords.',
  },
  signUpPerIp: {
    name: 'signup-ip',
    limit: 6,
    windowMs: 60 * MINUTE,
    message: 'Too many new accounts from your network.',
  },
  /** Mails about an account (sign-up attempts on a taken address, unconfirmed sign-ins): silent, per account. */
  accountNoticePerAccount: {
    name: 'account-notice',
    limit: 3,
    windowMs: 60 * MINUTE,
    message: 'Too many emails for this account.',
  },
  resetPerIp: { name: 'reset-ip', limit: 6, windowMs: 60 * MINUTE, message: 'Too many password reset requests.' },
  resetPerAccount: {
    name: 'reset-account',
    limit: 3,
    windowMs: 60 * MINUTE,
    message: 'Too many password reset emails for this account.',
  },
  verifyEmailPerAccount: {
    name: 'verify-account',
    limit: 3,
    windowMs: 60 * MINUTE,
    message: 'Too many verification emails for this account.',
  },
  eventCreatePerUser: {
    name: 'event-create',
    limit: 20,
    windowMs: 24 * 60 * MINUTE,
    message: 'You have created a lot of events today.',
  },
  /** Saves of an event that invite someone as co-host or speaker (each invitation reaches a person). */
  eventInvitesPerUser: {
    name: 'event-invites',
    limit: 20,
    windowMs: 24 * 60 * MINUTE,
    message: 'You have sent a lot of invitations today.',
  },
  eventAnnouncePerEvent: {
    name: 'event-announce',
    limit: 5,
    windowMs: 24 * 60 * MINUTE,
    message: 'This event has had several announcements today; attendees would rather not get more.',
  },
  rsvpPerUser: { name: 'rsvp', limit: 60, windowMs: 15 * MINUTE, message: 'Too many RSVP changes.' },
  checkInCodePerMember: {
    name: 'check-in-code',
    limit: 10,
    windowMs: 15 * MINUTE,
    message: 'Too many check-in codes tried. Ask the organiser to check you in at the door.',
  },
  eventFeedbackPerMember: {
    name: 'event-feedback',
    limit: 30,
    windowMs: 60 * MINUTE,
    message: 'You have sent a lot of feedback in a short time.',
  },
  learnerNoticesPerOrganiser: {
    name: 'learner-notices',
    limit: 5,
    windowMs: 24 * 60 * MINUTE,
    message: 'You have told learners about several events today.',
  },
  listCreatePerUser: {
    name: 'list-create',
    limit: 30,
    windowMs: 24 * 60 * MINUTE,
    message: 'You have created a lot of reading lists today.',
  },
  requestsPerMember: {
    name: 'requests-member',
    limit: 10,
    windowMs: 60 * MINUTE,
    message: 'You have sent a lot of requests in a short time.',
  },
  requestMessagesPerMember: {
    name: 'request-messages-member',
    limit: 60,
    windowMs: 10 * MINUTE,
    message: 'You are sending messages very quickly.',
  },
  reportsPerMember: {
    name: 'reports-member',
    limit: 5,
    windowMs: 60 * MINUTE,
    message: 'You have sent several reports in a short time.',
  },
  blocksPerMember: {
    name: 'blocks-member',
    limit: 30,
    windowMs: 60 * MINUTE,
    message: 'You have blocked many members in a short time.',
  },
  /** Building a member's data export reads everything about them: a few an hour is plenty. */
  dataExportPerMember: {
    name: 'data-export',
    limit: 5,
    windowMs: 60 * MINUTE,
    message: 'You have downloaded your data several times in the last hour.',
  },
  appealsPerMember: {
    name: 'appeals-member',
    limit: 3,
    windowMs: 24 * 60 * MINUTE,
    message: 'You have sent several appeals today.',
  },
} satisfies Record<string, RateLimitPolicy>;

export interface RateLimitState {
  allowed: boolean;
  count: number;
  resetAt: Date;
  retryAfterSeconds: number;
}

function toState(policy: RateLimitPolicy, count: number, resetAt: Date, now: Date): RateLimitState {
  return {
    allowed: count <= policy.limit,
    count,
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  };
}

const keyOf = (policy: RateLimitPolicy, subject: string) => `${policy.name}:${subject}`;

/**
 * Counts one hit in a fixed window and says whether it is allowed. One atomic upsert,
 * so concurrent requests in any number of processes count correctly.
 */
export async function hitRateLimit(
  policy: RateLimitPolicy,
  subject: string,
  now = new Date(),
): Promise<RateLimitState> {
  const nowMs = now.getTime();
  const fresh = nowMs + policy.windowMs;
  const row = await getDb()
    .insert(rateLimits)
    .values({ key: keyOf(policy, subject), count: 1, resetAt: new Date(fresh) })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.resetAt} <= ${nowMs} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        resetAt: sql`CASE WHEN ${rateLimits.resetAt} <= ${nowMs} THEN ${fresh} ELSE ${rateLimits.resetAt} END`,
      },
    })
    .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt })
    .get();
  return toState(policy, row.count, row.resetAt, now);
}

/** Reads a counter without counting (e.g. before checking a password). */
export async function peekRateLimit(
  policy: RateLimitPolicy,
  subject: string,
  now = new Date(),
): Promise<RateLimitState> {
  const row = await getDb()
    .select()
    .from(rateLimits)
    .where(eq(rateLimits.key, keyOf(policy, subject)))
    .get();
  if (!row || row.resetAt <= now) return toState(policy, 0, new Date(now.getTime() + policy.windowMs), now);
  return toState(policy, row.count, row.resetAt, now);
}

/** Forgets a counter (a successful sign-in clears the account's failures). */
export async function clearRateLimit(policy: RateLimitPolicy, subject: string): Promise<void> {
  await getDb()
    .delete(rateLimits)
    .where(eq(rateLimits.key, keyOf(policy, subject)));
}

/** The error a service throws when a limit is exceeded. */
export function rateLimitError(policy: RateLimitPolicy, state: RateLimitState): AppError {
  const minutes = Math.ceil(state.retryAfterSeconds / 60);
  const hours = Math.ceil(minutes / 60);
  const wait = minutes <= 1 ? 'a minute' : minutes <= 90 ? `${minutes} minutes` : `${hours} hours`;
  return new AppError('TOO_MANY_REQUESTS', `${policy.message} Please try again in ${wait}.`, {
    retryAfterSeconds: state.retryAfterSeconds,
  });
}

/** Counts a hit and throws the friendly 429 error when over the limit. */
export async function enforceRateLimit(policy: RateLimitPolicy, subject: string, now = new Date()): Promise<void> {
  const state = await hitRateLimit(policy, subject, now);
  if (!state.allowed) throw rateLimitError(policy, state);
}

/**
 * Forgets every counter keyed by a member's email or id (their account is deleted: no
 * trace of them may remain), inside the caller's transaction.
 */
export async function forgetRateLimitsOf(db: DbOrTx, member: { id: string; email: string }): Promise<void> {
  const escaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  await db
    .delete(rateLimits)
    .where(
      or(
        sql`${rateLimits.key} LIKE ${`%${escaped(member.email)}%`} ESCAPE '\\'`,
        sql`${rateLimits.key} LIKE ${`%:${escaped(member.id)}`} ESCAPE '\\'`,
      ),
    );
}

/** Deletes windows that ended more than a day ago (maintenance job). */
export async function pruneRateLimits(now = new Date()): Promise<number> {
  const result = await getDb()
    .delete(rateLimits)
    .where(lt(rateLimits.resetAt, new Date(now.getTime() - 24 * 60 * MINUTE)));
  return result.rowsAffected;
}
