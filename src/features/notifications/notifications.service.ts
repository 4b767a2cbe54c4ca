import { inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { users } from '#db/schema/index.ts';
import { config } from '#server/config.ts';
import { safeReturnPath } from '#server/http/return-path.ts';
import { mailEnabled, sendMailInBackground } from '#server/mail/mailer.ts';
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
 * exactly when the change it reports does. Call `deliverEmails` with the result after
 * the transaction commits to send the email copies.
 */
export async function notify(tx: DbOrTx, notices: Notice[], now = new Date()): Promise<repo.NotificationRow[]> {
  return repo.insertNotifications(
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
}

/** Sends email copies of freshly committed notifications when SMTP is configured. */
export async function deliverEmails(rows: repo.NotificationRow[], now = new Date()): Promise<void> {
  if (!mailEnabled() || rows.length === 0) return;
  const recipients = await getDb()
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(rows.map((r) => r.userId))]));
  const byId = new Map(recipients.map((r) => [r.id, r]));
  for (const row of rows) {
    const to = byId.get(row.userId);
    if (!to) continue;
    const url = new URL(row.url, config().siteOrigin).toString();
    const inbox = new URL('/inbox', config().siteOrigin);
    sendMailInBackground({
      to: to.email,
      subject: row.title,
      text: [
        `Hi ${to.displayName},`,
        row.title,
        ...(row.body ? [row.body] : []),
        `Open it on whoknows: ${url}`,
        `You get these emails because you are a member of whoknows; your inbox is at ${inbox}.`,
      ].join('\n\n'),
    });
  }
  await repo.markEmailed(
    rows.map((r) => r.id),
    now,
  );
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

/** The member's inbox page: newest first, with the cursor for the next page. */
export async function listInbox(userId: string, opts: { before?: number; unreadOnly?: boolean } = {}) {
  const limit = 30;
  const rows = await repo.listForUser(userId, { ...opts, limit: limit + 1 });
  return { items: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.id : undefined };
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
