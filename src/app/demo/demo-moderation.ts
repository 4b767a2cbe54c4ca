import { eq } from 'drizzle-orm';
import type { Tx } from '#db/client.ts';
import { auditLog, type ReportReason, type ReportSnapshot, readingLists, reports, users } from '#db/schema/index.ts';
import { DAY_MS, type DemoContext } from './context.ts';
import { demoId } from './demo-id.ts';
import { demoMembers } from './demo-members.ts';

/** The demo's moderator and admin (they sign in like everyone else), so the queue and /admin can be tried. */
export const DEMO_MODERATOR = 'jan-de-vries';
export const DEMO_ADMIN = 'ingrid-johansson';

function member(ctx: DemoContext, handle: string): string {
  const id = ctx.members.get(handle);
  if (!id) throw new Error(`Demo moderation names an unknown member: ${handle}`);
  return id;
}

function profileSnapshot(handle: string): ReportSnapshot {
  const m = demoMembers().find((p) => p.handle === handle)!;
  return {
    title: `${m.displayName} (@${m.handle})`,
    url: `/people/${m.handle}`,
    fields: [
      { label: 'Headline', value: m.headline },
      { label: 'About', value: m.bio },
    ],
  };
}

interface DemoReport {
  from: string;
  kind: 'profile' | 'list';
  about: string;
  reason: ReportReason;
  details: string;
  daysAgo: number;
}

/**
 * Two members reported the same profile (the queue's "most reported" has something to
 * sort) and one a reading list (a case to dismiss). The request report of the demo's
 * recruiting story comes with its request (demo-requests.ts).
 */
const REPORTS: DemoReport[] = [
  {
    from: 'chloe-nguyen',
    kind: 'profile',
    about: 'jack-thompson',
    reason: 'spam',
    details: 'He messages juniors about job openings at his company instead of mentoring. I got two of these.',
    daysAgo: 1,
  },
  {
    from: 'tyler-brooks',
    kind: 'profile',
    about: 'jack-thompson',
    reason: 'spam',
    details: 'Recruiting through help requests. His profile says he mentors, but every request is a job pitch.',
    daysAgo: 2,
  },
  {
    from: 'ben-carter',
    kind: 'list',
    about: 'llm-tooling',
    reason: 'misleading',
    details: 'I think one of the links goes to a paid course, not a free guide?',
    daysAgo: 3,
  },
];

/** Roles and a few open reports for the demo community (a DEMO_STEPS step, after requests and lists). */
export async function seedDemoModeration(ctx: DemoContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const [handle, role] of [
      [DEMO_MODERATOR, 'moderator'],
      [DEMO_ADMIN, 'admin'],
    ] as const) {
      await tx
        .update(users)
        .set({ role })
        .where(eq(users.id, member(ctx, handle)));
      await tx.insert(auditLog).values({
        at: new Date(ctx.now.getTime() - 30 * DAY_MS),
        actorId: null,
        action: 'role.change',
        memberId: member(ctx, handle),
        reason: 'Demo community.',
        detail: { from: 'member', to: role },
      });
    }
    for (const r of REPORTS) {
      const list = r.kind === 'list' ? await listFacts(tx, r.about) : null;
      await tx.insert(reports).values({
        subjectKind: r.kind,
        subjectId: list ? list.id : member(ctx, r.about),
        subjectOwnerId: list ? list.ownerId : member(ctx, r.about),
        reporterId: member(ctx, r.from),
        reason: r.reason,
        details: r.details,
        snapshot: list ? list.snapshot : profileSnapshot(r.about),
        createdAt: new Date(ctx.now.getTime() - r.daysAgo * DAY_MS),
      });
    }
  });
}

async function listFacts(tx: Tx, key: string) {
  const id = demoId('list', key);
  const list = await tx.select().from(readingLists).where(eq(readingLists.id, id)).get();
  if (!list) throw new Error(`Demo moderation names an unknown list: ${key}`);
  return {
    id,
    ownerId: list.ownerId,
    snapshot: {
      title: list.title,
      url: `/lists/${list.slug}`,
      fields: [{ label: 'Description', value: list.description }],
    } satisfies ReportSnapshot,
  };
}
