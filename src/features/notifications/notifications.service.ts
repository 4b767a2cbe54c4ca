import { inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { users } from '#db/schema/index.ts';
import type { Face } from '#features/members/avatar.ts';
import { visibleMembers } from '#features/members/members.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { config } from '#server/config.ts';
import { safeReturnPath } from '#server/http/return-path.ts';
import { mailEnabled, sendMailInBackground } from '#server/mail/mailer.ts';
import * as digestsRepo from './digests.repo.ts';
import { modesForRecipients, unsubscribeUrl } from './email-preferences.service.ts';
import { CATEGORY_INFO, categoryOf, isChoosable, type NoticeCategory } from './notice-categories.ts';
import { noticeMail } from './notice-mail.ts';
import * as repo from './notifications.repo.ts';

export type { NotificationRow } from './notifications.repo.ts';

export interface Notice {
  /** Who it is for. */
  userId: string;
  /** Dotted kind, e.g. `request.received`. */
  kind: string;
  title: string;
  body?: string;
  /** Site path it leads to. */
  url: string;
  actorId?: string | null;
}

/**
 * Records notifications inside the caller's transaction, so a notification exists
 * exactly when the change it reports does. Notices whose member takes them in a
 * digest are queued for it in the same transaction. Call `deliverEmails` with the
 * result after the transaction commits to send the email copies due at once.
 */
export async function notify(tx: DbOrTx, notices: Notice[], now = new Date()): Promise<repo.NotificationRow[]> {
  const rows = await repo.insertNotifications(
    notices.map((n) => ({
      userId: n.userId,
      kind: n.kind,
      title: n.title.slice(0, 200),
      body: (n.body ?? '').slice(0, 2000),
      url: n.url,
      actorId: n.actorId ?? null,
      createdAt: now,
    })),
    tx,
  );
  await queueForDigests(tx, rows);
  return rows;
}

/** Queues follow notices for members who take them as a daily or weekly digest. */
async function queueForDigests(tx: DbOrTx, rows: repo.NotificationRow[]): Promise<void> {
  if (!mailEnabled()) return;
  const follows = rows.filter((r) => categoryOf(r.kind) === 'follows');
  if (follows.length === 0) return;
  const modes = await modesForRecipients([...new Set(follows.map((r) => r.userId))], 'follows');
  const queued = follows.filter((r) => {
    const mode = modes.get(r.userId);
    return mode === 'daily' || mode === 'weekly';
  });
  await digestsRepo.enqueueEntries(
    queued.map((r) => ({ notificationId: r.id, userId: r.userId, createdAt: r.createdAt })),
    tx,
  );
}

/**
 * Sends email copies of freshly committed notifications when SMTP is configured, as
 * each member chose per category (src/features/notifications/notice-categories.ts):
 * inbox only sends nothing, a digest waits for the digest job, and every email carries
 * a one-click unsubscribe for its category.
 */
export async function deliverEmails(rows: repo.NotificationRow[], now = new Date()): Promise<void> {
  if (!mailEnabled() || rows.length === 0) return;
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const recipients = await getDb()
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, userIds));
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const modes = new Map<NoticeCategory, Map<string, string>>();
  for (const category of new Set(rows.map((r) => categoryOf(r.kind)))) {
    modes.set(category, await modesForRecipients(userIds, category));
  }
  const sent: number[] = [];
  for (const row of rows) {
    const to = byId.get(row.userId);
    const category = categoryOf(row.kind);
    if (!to || modes.get(category)?.get(row.userId) !== 'instant') continue;
    const unsubscribe = isChoosable(category) ? await unsubscribeUrl(row.userId, category) : null;
    sendMailInBackground(
      noticeMail(row, to, {
        siteOrigin: config().siteOrigin,
        unsubscribe,
        categoryLabel: CATEGORY_INFO[category].label,
      }),
    );
    sent.push(row.id);
  }
  await repo.markEmailed(sent, now);
}

export const countUnread = (userId: string) => repo.countUnread(userId);

/**
 * Forgets a member who is being deleted, inside the caller's transaction: the notices
 * they caused (which name them) and those leading to things that go with them.
 */
export function forgetNoticesAbout(tx: DbOrTx, actorId: string, paths: string[]): Promise<void> {
  return repo.deleteAbout(actorId, paths, tx);
}

/** Every notice a member received, oldest first (their data export). */
export function noticesFor(userId: string) {
  return repo.allForUser(userId);
}

/**
 * The member's inbox page: newest first, with the cursor for the next page, and the
 * face of whoever caused each notice when the member may see them.
 */
export async function listInbox(viewer: MemberViewer, opts: { before?: number; unreadOnly?: boolean } = {}) {
  const limit = 30;
  const rows = await repo.listForUser(viewer.id, { ...opts, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.flatMap((n) => (n.actorId ? [n.actorId] : [])))];
  const faces = new Map((await visibleMembers(actorIds, viewer)).map((m) => [m.id, m as Face]));
  return {
    items: page.map((n) => ({ ...n, face: n.actorId ? (faces.get(n.actorId) ?? null) : null })),
    nextBefore: rows.length > limit ? rows[limit - 1]!.id : undefined,
  };
}

export function markRead(userId: string, ids: number[] | 'all', now = new Date()): Promise<number> {
  return repo.markRead(userId, ids, now);
}

/** Where one of the member's notifications leads, without changing it; null if not theirs. */
export async function notificationTarget(userId: string, id: number): Promise<string | null> {
  const row = await repo.findForUser(userId, id);
  // Only site paths are stored, but never redirect off-site whatever the row says.
  return row ? safeReturnPath(row.url, '/inbox') : null;
}

/** Marks one of the member's notifications read and returns where it leads; null if not theirs. */
export async function openNotification(userId: string, id: number, now = new Date()): Promise<string | null> {
  const row = await repo.findForUser(userId, id);
  if (!row) return null;
  if (!row.readAt) await repo.markRead(userId, [id], now);
  return safeReturnPath(row.url, '/inbox');
}
