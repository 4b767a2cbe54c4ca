import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { findMemberByHandle } from '#features/members/members.service.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { closeRequestsBetween } from '#features/requests/lifecycle/closing.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { invalid } from '#server/errors.ts';
import * as repo from './blocks.repo.ts';

export const blockInput = z.object({
  handle: z
    .string({ error: 'Enter the handle of the member to block.' })
    .trim()
    .toLowerCase()
    .transform((h) => h.replace(/^@/, ''))
    .pipe(z.string().min(1, 'Enter the handle of the member to block.').max(30, 'Handles have at most 30 characters.')),
  next: z.string().max(500).optional(),
});

/**
 * Blocks a member by handle. In the same transaction, whatever is active between the
 * two (requests either way, accepted sessions) is closed, so a block takes effect at
 * once. Blocking twice is harmless.
 */
export async function blockMember(
  blockerId: string,
  handle: string,
  now = new Date(),
): Promise<{ displayName: string; handle: string }> {
  await enforceRateLimit(RATE_LIMITS.blocksPerMember, blockerId, now);
  const target = await findMemberByHandle(handle);
  if (!target) throw invalid({ handle: 'There is no member with that handle.' });
  if (target.id === blockerId) throw invalid({ handle: 'You cannot block yourself.' });
  const rows = await getDb().transaction(async (tx) => {
    if (!(await repo.insertBlock(blockerId, target.id, now, tx))) return [];
    return notify(tx, await closeRequestsBetween(tx, blockerId, target.id, now), now);
  });
  await deliverEmails(rows, now);
  return { displayName: target.displayName, handle: target.handle };
}

/** Lifts a block; nothing closed by it reopens. */
export async function unblockMember(
  blockerId: string,
  handle: string,
): Promise<{ displayName: string; handle: string }> {
  const target = await findMemberByHandle(handle);
  if (!target) throw invalid({ handle: 'There is no member with that handle.' });
  await repo.deleteBlock(blockerId, target.id);
  return { displayName: target.displayName, handle: target.handle };
}

/** The members someone blocked, for /settings/blocks. */
export function listBlockedMembers(blockerId: string) {
  return repo.listBlockedBy(blockerId);
}
