import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { digestEntries, digests, notifications } from '#db/schema/index.ts';
import * as digestsRepo from '#features/notifications/digests.repo.ts';
import {
  DIGEST_LEASE_MS,
  openDueDigests,
  runDigests,
  sendDueDigests,
} from '#features/notifications/digests.service.ts';
import { saveEmailPreferences } from '#features/notifications/email-preferences.service.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { resetConfigForTests } from '#server/config.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { mailHeader, startSmtpServer } from '#tests/helpers/smtp.ts';
import { as } from '../requests/helpers.ts';

// The SMTP relay is the one part that cannot run here: a real SMTP server on loopback stands in for it.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  resetConfigForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetConfigForTests();
  await smtp.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const HOUR = 3_600_000;
// Tuesday 10 March 2026, 10:00 UTC: the members below live in UTC, so daily digests go at 08:00 UTC.
const T0 = new Date('2026-03-10T10:00:00Z');
const NEXT_MORNING = new Date('2026-03-11T08:01:00Z');

const prefs = (follows: 'off' | 'instant' | 'daily' | 'weekly') => ({
  requests: 'instant' as const,
  events: 'instant' as const,
  announcements: 'instant' as const,
  reminders: 'instant' as const,
  follows,
});

async function followNotices(members: Member[], title: string, at: Date) {
  const notices: Notice[] = members.map((m) => ({
    userId: m.id,
    kind: 'follow.event',
    title,
    body: 'You follow Rust.',
    url: '/events/rust-night',
  }));
  const rows = await getDb().transaction((tx) => notify(tx, notices, at));
  await deliverEmails(rows, at);
  return rows;
}

const mailsTo = (m: Member) => smtp.messages.filter((mail) => mail.to.includes(m.email));

describe('follow notices by email', () => {
  it('goes at once, in a daily or weekly digest, or not at all, as each member chose', async () => {
    const [daily, weekly, off, instant] = await Promise.all([
      createMember(),
      createMember(),
      createMember(),
      createMember(),
    ]);
    await saveEmailPreferences(as(weekly), prefs('weekly'));
    await saveEmailPreferences(as(off), prefs('off'));
    await saveEmailPreferences(as(instant), prefs('instant'));

    await followNotices([daily, weekly, off, instant], 'New meetup on Rust: Rust night', T0);
    await followNotices(
      [daily, weekly, off, instant],
      'New reading list on Rust: Ownership',
      new Date(T0.getTime() + HOUR),
    );

    // At once: two emails, each with a one-click unsubscribe for follow notices.
    await smtp.waitFor((m) => m.to.includes(instant.email) && m.subject.includes('Ownership'));
    expect(mailsTo(instant)).toHaveLength(2);
    const first = mailsTo(instant)[0]!;
    expect(mailHeader(first, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:4321\/unsubscribe\/[^>]+>$/);
    expect(mailHeader(first, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // Nothing is due in the evening; the next morning exactly one digest with both items.
    expect(await runDigests({}, new Date(T0.getTime() + 8 * HOUR))).toBe(0);
    expect(await runDigests({}, NEXT_MORNING)).toBe(1);
    const digest = mailsTo(daily);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('Your daily whoknows digest: 2 new things');
    expect(digest[0]!.text).toContain('New meetup on Rust: Rust night');
    expect(digest[0]!.text).toContain('New reading list on Rust: Ownership');
    expect(mailHeader(digest[0]!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mailHeader(digest[0]!, 'Message-ID')).toMatch(/^<digest-\d+-/);

    // Weekly waits for Monday 16 March; "inbox only" never gets mail.
    expect(mailsTo(weekly)).toHaveLength(0);
    expect(await runDigests({}, new Date('2026-03-16T08:00:00Z'))).toBe(1);
    expect(mailsTo(weekly)).toHaveLength(1);
    expect(mailsTo(off)).toHaveLength(0);

    // Nothing new: no more digests, however often the job runs.
    expect(await runDigests({}, new Date('2026-03-17T09:00:00Z'))).toBe(0);
    expect(await runDigests({}, new Date('2026-03-23T09:00:00Z'))).toBe(0);
    expect(mailsTo(daily)).toHaveLength(1);
    expect(mailsTo(weekly)).toHaveLength(1);

    // Every notice stays in the inbox, and those mailed are marked so.
    const rows = await getDb().select().from(notifications).where(eq(notifications.userId, daily.id));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.emailedAt !== null)).toBe(true);
  });

  it('never sends one digest twice when two workers run at the same moment', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => createMember()));
    await followNotices(members, 'New workshop on Rust: Lifetimes', T0);
    const results = await Promise.all([
      runDigests({ worker: 'worker-a' }, NEXT_MORNING),
      runDigests({ worker: 'worker-b' }, NEXT_MORNING),
      runDigests({ worker: 'worker-c' }, NEXT_MORNING),
    ]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(6);
    for (const m of members) expect(mailsTo(m)).toHaveLength(1);
    expect(await runDigests({ worker: 'worker-a' }, new Date(NEXT_MORNING.getTime() + HOUR))).toBe(0);
    for (const m of members) expect(mailsTo(m)).toHaveLength(1);
  });

  it('never sends one digest twice when two server processes run the job on one database', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => createMember()));
    await followNotices(members, 'New talk on Rust: Async', T0);
    const worker = fileURLToPath(new URL('../../../helpers/digest-worker.ts', import.meta.url));
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', worker, NEXT_MORNING.toISOString()], {
        env: { ...process.env, LOG_LEVEL: 'warn' },
      });
    const outputs = await Promise.all([run(), run()]);
    const sent = outputs.map((o) => Number(/sent=(\d+)/.exec(o.stdout)?.[1]));
    expect(sent[0]! + sent[1]!).toBe(5);
    for (const m of members) expect(mailsTo(m)).toHaveLength(1);
  }, 120_000);

  it('sends what a worker that stopped mid-way left behind, once, and nothing twice after a restart', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, () => createMember()));
    await followNotices(members, 'New meetup on Rust: Embedded', T0);

    // A worker opens the digests and takes the lease on one, then its process stops before sending.
    expect(await openDueDigests(NEXT_MORNING)).toBe(4);
    const [stuck] = await digestsRepo.sendable(NEXT_MORNING, 1);
    expect(
      await digestsRepo.takeLease(
        stuck!,
        'crashed-worker',
        NEXT_MORNING,
        new Date(NEXT_MORNING.getTime() + DIGEST_LEASE_MS),
      ),
    ).not.toBeNull();

    // After the restart, the new process sends the other three at once…
    const restarted = new Date(NEXT_MORNING.getTime() + 60_000);
    expect(await sendDueDigests({ worker: 'restarted' }, restarted)).toBe(3);
    // …and the held one once its lease has run out, exactly once.
    const later = new Date(NEXT_MORNING.getTime() + DIGEST_LEASE_MS + 60_000);
    expect(await sendDueDigests({ worker: 'restarted' }, later)).toBe(1);
    expect(await runDigests({ worker: 'restarted-again' }, new Date(later.getTime() + 24 * HOUR))).toBe(0);
    for (const m of members) expect(mailsTo(m)).toHaveLength(1);
    // The stopped worker cannot mark or send what the new one took over.
    const row = await getDb().select().from(digests).where(eq(digests.id, stuck!)).get();
    expect(row!.leaseOwner).toBe('restarted');
    expect(row!.sentAt).not.toBeNull();
  });

  it('sends no digest with nothing in it', async () => {
    const [member] = await Promise.all([createMember()]);
    const shown = await followNotices([member!], 'New meetup on Rust: Gone soon', T0);
    const hidden = await followNotices([member!], 'New meetup on Rust: Cancelled since', T0);
    // Everything queued went away before the morning (the event was cancelled): nothing to send.
    expect(await runDigests({ stillShown: async () => false }, NEXT_MORNING)).toBe(0);
    expect(mailsTo(member!)).toHaveLength(0);
    const rows = await getDb().select().from(digests).where(eq(digests.userId, member!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.itemCount).toBe(0);
    // A notice that is still shown goes out with the next one, alone.
    expect(shown).toHaveLength(1);
    expect(hidden).toHaveLength(1);
    await followNotices([member!], 'New meetup on Rust: Still on', new Date(NEXT_MORNING.getTime() + HOUR));
    expect(
      await runDigests({ stillShown: async (n) => n.title.includes('Still on') }, new Date('2026-03-12T08:01:00Z')),
    ).toBe(1);
    expect(mailsTo(member!)[0]!.subject).toBe('Your daily whoknows digest: one new thing');
  });

  it('queues nothing for members who chose the inbox only, and drops what waits when they switch to it', async () => {
    const member = await createMember();
    await followNotices([member], 'New meetup on Rust: Queued', T0);
    expect(await getDb().select().from(digestEntries).where(eq(digestEntries.userId, member.id))).toHaveLength(1);
    await saveEmailPreferences(as(member), prefs('off'));
    expect(await runDigests({}, NEXT_MORNING)).toBe(0);
    expect(await getDb().select().from(digestEntries).where(eq(digestEntries.userId, member.id))).toHaveLength(0);
    await followNotices([member], 'New meetup on Rust: Not queued', NEXT_MORNING);
    expect(await getDb().select().from(digestEntries).where(eq(digestEntries.userId, member.id))).toHaveLength(0);
    expect(mailsTo(member)).toHaveLength(0);
  });
});
