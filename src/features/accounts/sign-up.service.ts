import { getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import { recordAudit } from '#features/audit/audit.service.ts';
import { checkPasswordPolicy, hashPassword } from '#server/auth/passwords.ts';
import { enforceRateLimit, hitRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { invalid } from '#server/errors.ts';
import { sendAlreadyMemberMail, sendVerificationMail } from './account-mail.ts';
import * as repo from './accounts.repo.ts';
import { issueAccountToken, type RequestOrigin } from './accounts.service.ts';
import type { SignUpInput } from './accounts.ts';

const HANDLE_TAKEN = 'That handle is taken. Try another.';

/**
 * Starts an account: the same answer whether or not the email already has one, so
 * the form cannot tell a stranger who is a member. A new address gets its account
 * (unconfirmed) and a link that confirms it and signs the newcomer in; an address that
 * already has an account gets a note to its owner instead. Both paths hash the
 * password once, so they also take the same time.
 *
 * Only attempts that could create an account count against the per-address limit:
 * a mistyped form (bad fields, a common password, a taken handle) does not.
 */
export async function signUp(
  input: SignUpInput,
  origin: RequestOrigin,
  next?: string,
  now = new Date(),
): Promise<void> {
  const policy = checkPasswordPolicy(input.password, input);
  if (policy) throw invalid({ password: policy });
  // Handles are public (every profile shows one), so saying one is taken reveals nothing.
  if (await repo.findUserByHandle(input.handle)) throw invalid({ handle: HANDLE_TAKEN });
  await enforceRateLimit(RATE_LIMITS.signUpPerIp, origin.ip, now);

  const passwordHash = await hashPassword(input.password);
  const existing = await repo.findUserByEmail(input.email);
  if (existing) return tellOwner(existing, now);

  const userId = generateId();
  let token: string;
  try {
    token = await getDb().transaction(async (tx) => {
      await repo.insertUserWithProfile(
        {
          id: userId,
          email: input.email,
          passwordHash,
          handle: input.handle,
          displayName: input.displayName,
          createdAt: now,
          updatedAt: now,
        },
        { updatedAt: now },
        tx,
      );
      // The first account on an empty site became its admin: the role change goes into the audit log.
      if ((await repo.findUserById(userId, tx))?.role === 'admin') {
        await recordAudit(
          tx,
          {
            actorId: null,
            action: 'role.change',
            memberId: userId,
            reason: 'The first account on this site is its admin.',
            detail: { from: null, to: 'admin' },
          },
          now,
        );
      }
      return issueAccountToken(userId, 'verify_email', now, tx);
    });
  } catch (error) {
    // Two sign-ups raced for the same email or handle: the unique index decided.
    const column = uniqueViolation(error);
    if (column?.includes('users.handle')) throw invalid({ handle: HANDLE_TAKEN });
    if (column?.includes('users.email')) {
      const winner = await repo.findUserByEmail(input.email);
      return winner ? tellOwner(winner, now) : undefined;
    }
    throw error;
  }
  sendVerificationMail(input.email, input.displayName, token, next);
}

/** Mails the owner of a taken address (a few times an hour at most, silently past that). */
async function tellOwner(owner: repo.UserRow, now: Date): Promise<void> {
  if (!(await hitRateLimit(RATE_LIMITS.accountNoticePerAccount, owner.id, now)).allowed) return;
  sendAlreadyMemberMail(owner.email, owner.displayName);
}
