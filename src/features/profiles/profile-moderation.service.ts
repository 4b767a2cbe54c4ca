import type { DbOrTx } from '#db/client.ts';
import type { ReportSnapshot } from '#db/schema/index.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { canSeeMember } from '#features/members/visibility.ts';
import { notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import * as repo from './profiles.repo.ts';

/** What the moderation feature needs to know about a profile someone reports, or a moderator acts on. */
export interface ModeratedProfile {
  id: string;
  ownerId: string;
  title: string;
  url: string;
  hidden: boolean;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findProfileById>>>;

function describe(row: Row): ModeratedProfile {
  return {
    id: row.member.id,
    ownerId: row.member.id,
    title: row.member.displayName,
    url: `/people/${row.member.handle}`,
    hidden: row.member.hiddenAt !== null,
  };
}

/** The profile as `viewer` may see it, for a report, with a snapshot of what it says now; NOT_FOUND otherwise. */
export async function profileForReport(
  handle: string,
  viewer: Viewer,
): Promise<ModeratedProfile & { snapshot: ReportSnapshot }> {
  const row = await repo.findProfileByHandle(handle);
  if (!row || !canSeeMember(viewer, row.member)) throw notFound();
  const p = row.profile;
  return {
    ...describe(row),
    snapshot: {
      title: `${row.member.displayName} (@${row.member.handle})`,
      url: `/people/${row.member.handle}`,
      fields: [
        { label: 'Headline', value: p.headline },
        { label: 'Location', value: p.location ?? '' },
        { label: 'About', value: p.bio },
        { label: 'Career goals', value: p.careerGoals },
        { label: 'Links', value: p.links.map((l) => `${l.label}: ${l.url}`).join('\n') },
      ].filter((f) => f.value !== ''),
    },
  };
}

/** A profile by member id as a moderator sees it (hidden or not), or null. */
export async function profileForModeration(userId: string): Promise<ModeratedProfile | null> {
  const row = await repo.findProfileById(userId);
  return row ? describe(row) : null;
}

/** Hides a profile (its owner and moderators still see it; search drops it) or restores it, in the caller's transaction. */
export async function setProfileHidden(
  tx: DbOrTx,
  userId: string,
  hidden: boolean,
  now: Date,
): Promise<ModeratedProfile | null> {
  if (!(await repo.setHidden(userId, hidden ? now : null, tx))) return null;
  await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
  const row = await repo.findProfileById(userId, tx);
  return row ? describe(row) : null;
}
