import { hostname } from 'node:os';
import { getDb } from '#db/client.ts';
import { generateSecureRandomString } from '#server/auth/tokens.ts';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';
import { mailEnabled, sendMail } from '#server/mail/mailer.ts';
import { digestDueAt } from './digest-schedule.ts';
import * as repo from './digests.repo.ts';
import { unsubscribeUrl } from './email-preferences.service.ts';
import { CATEGORY_INFO, effectiveMode } from './notice-categories.ts';
import { digestMail } from './notice-mail.ts';
import type { NotificationRow } from './notifications.repo.ts';

const log = logger('digests');
const MINUTE = 60_000;
/** Longer than any send can take (the mailer's timeouts stop one within about two minutes). */
export const DIGEST_LEASE_MS = 5 * MINUTE;
const MAX_ATTEMPTS = 5;
const BATCH = 100;

/** This process, as the owner of the leases it takes. */
const PROCESS_WORKER = `${hostname()}:${process.pid}:${generateSecureRandomString(6)}`;

export interface DigestRunOptions {
  /** Who takes the leases (a process; tests name two workers). */
  worker?: string;
  /**
   * Whether a queued notice should still go out (the thing it points at may have been
   * cancelled, hidden or deleted since). The composition root passes the follows
   * feature's check; without one every notice goes.
   */
  stillShown?: (notice: NotificationRow) => Promise<boolean>;
}

/**
 * Opens a digest for every member whose oldest waiting notice is due (the next 08:00
 * of their zone, or Monday's for weekly), each in its own transaction that moves the
 * waiting notices into it. Nothing waiting means no digest.
 */
export async function openDueDigests(now = new Date()): Promise<number> {
  let opened = 0;
  for (const member of await repo.waitingMembers(1000)) {
    const mode = effectiveMode('follows', member.mode ?? undefined);
    if (mode === 'off') {
      await getDb().transaction((tx) => repo.dropWaiting(member.userId, tx));
      continue;
    }
    const frequency = mode === 'weekly' ? 'weekly' : 'daily';
    // Switched to "at once" since: what waits goes out now, as one digest.
    const due = mode === 'instant' ? now : digestDueAt(new Date(member.oldest), frequency, member.timezone);
    if (due.getTime() > now.getTime()) continue;
    const id = await getDb().transaction((tx) => repo.openDigest(member.userId, frequency, now, now, tx));
    if (id !== null) opened++;
  }
  return opened;
}

function retryDelay(attempts: number): number {
  return Math.min(60, 2 ** attempts) * MINUTE;
}

/**
 * Sends digests that wait, each under a lease taken by a conditional update: two
 * workers (processes) never send the same one, and a digest whose worker died before
 * marking it sent is taken again once the lease runs out. The mail keeps one
 * Message-ID per digest, so in the rare case that a worker died between the relay
 * accepting it and the mark, receiving servers see the copy as the same message.
 */
export async function sendDueDigests(options: DigestRunOptions = {}, now = new Date()): Promise<number> {
  const worker = options.worker ?? PROCESS_WORKER;
  let sent = 0;
  for (const id of await repo.sendable(now, BATCH)) {
    const digest = await repo.takeLease(id, worker, now, new Date(now.getTime() + DIGEST_LEASE_MS));
    if (!digest) continue;
    const to = await repo.recipient(digest.userId);
    const rows = (await repo.digestContent(digest.id)).map((r) => r.notification);
    const shown: NotificationRow[] = [];
    for (const row of rows) if (!options.stillShown || (await options.stillShown(row))) shown.push(row);
    if (!to || to.suspendedAt || shown.length === 0) {
      await repo.closeEmpty(digest.id, worker, now);
      continue;
    }
    const origin = config().siteOrigin;
    const message = digestMail(shown, to, digest.frequency, {
      siteOrigin: origin,
      unsubscribe: await unsubscribeUrl(digest.userId, 'follows'),
      categoryLabel: CATEGORY_INFO.follows.label,
      messageId: `<digest-${digest.id}-${digest.userId}@${new URL(origin).hostname}>`,
    });
    try {
      await sendMail(message);
    } catch (error) {
      const giveUp = digest.attempts >= MAX_ATTEMPTS;
      log.error(`digest ${digest.id} not sent (attempt ${digest.attempts})`, error);
      await repo.releaseAfterFailure(
        digest.id,
        worker,
        String((error as Error)?.message ?? error).slice(0, 500),
        giveUp ? null : new Date(now.getTime() + retryDelay(digest.attempts)),
        now,
      );
      continue;
    }
    await repo.markSent(
      digest.id,
      worker,
      rows.map((r) => r.id),
      now,
    );
    sent++;
  }
  return sent;
}

/** The scheduled job: open what is due, then send. Does nothing while the site sends no email. */
export async function runDigests(options: DigestRunOptions = {}, now = new Date()): Promise<number> {
  if (!mailEnabled()) return 0;
  await openDueDigests(now);
  return sendDueDigests(options, now);
}

/** For the settings page: how many notices wait for the member's next digest, and when the last one went. */
export async function digestStatus(userId: string): Promise<{ waiting: number; lastSentAt: Date | null }> {
  const [waiting, lastSentAt] = await Promise.all([repo.countWaiting(userId), repo.lastSentAt(userId)]);
  return { waiting, lastSentAt };
}
