import { blockedEitherWay, blockedEitherWayIds } from '#features/members/members.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { teachableSkills } from '#features/profiles/member-skills.service.ts';
import { type ClosedOpenCall, closedOpenCallReason } from '#features/requests/request-access.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { loadForViewer, zoneOfMember } from '#features/requests/requests.service.ts';
import { findSkillByTopic } from '#features/skills/skills.service.ts';
import { AppError, isAppError } from '#server/errors.ts';

/* Open calls: requests to nobody in particular that members who teach the topic pick up. */

/**
 * Open calls a member could pick up: on the topics they teach (or one topic, or every
 * topic), not their own, not from members blocked either way.
 */
export async function listOpenCallsFor(
  viewerId: string,
  opts: { skillId?: number; everyTopic?: boolean; limit?: number } = {},
) {
  const [taught, blocked] = await Promise.all([
    teachableSkills(viewerId).then((skills) => skills.map((s) => s.id)),
    blockedEitherWayIds(viewerId),
  ]);
  const skillIds = opts.skillId !== undefined ? [opts.skillId] : opts.everyTopic ? undefined : taught;
  const rows = await repo.listOpenCalls({
    skillIds,
    excludeRequesterIds: [viewerId, ...blocked],
    limit: opts.limit ?? 50,
  });
  const teachesSet = new Set(taught);
  return {
    items: rows.map((r) => ({ ...r, viewerTeaches: teachesSet.has(r.request.skillId) })),
    taughtSkillIds: taught,
  };
}

/**
 * Open calls on one topic, for its topic page. A visitor sees how many there are; a
 * member also sees them (except those from members blocked either way).
 */
export async function listOpenCallsForSkill(skillId: number, viewerId: string | null = null, limit = 10) {
  if (!viewerId) {
    const rows = await repo.listOpenCalls({ skillIds: [skillId], limit: 100 });
    return { count: rows.length, items: [] as Awaited<ReturnType<typeof repo.listOpenCalls>> };
  }
  const { items } = await listOpenCallsFor(viewerId, { skillId, limit: 100 });
  return { count: items.length, items: items.slice(0, limit) };
}

/**
 * /requests/open: open calls on the topics the member teaches, on one topic (slug,
 * name or alias), or on every topic (`all`), with the member's teachable skills for
 * the filter.
 */
export async function openCallsPage(viewerId: string, topicParam: string | undefined) {
  const everyTopic = topicParam === 'all';
  const topic = topicParam && !everyTopic ? await findSkillByTopic(topicParam) : null;
  const [{ items }, taught, zone] = await Promise.all([
    listOpenCallsFor(viewerId, { skillId: topic?.id, everyTopic }),
    teachableSkills(viewerId),
    zoneOfMember(viewerId),
  ]);
  return { items, taught, zone, topic: topic ?? null, everyTopic };
}

/** Whether an open call still waits for a helper and this member may see it (digests leave out the rest). */
export async function openCallStillOpen(id: string, viewer: MemberViewer): Promise<boolean> {
  const loaded = await loadForViewer(id, viewer).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  return loaded?.role === 'candidate';
}

/** What /requests/open says above the other open calls when the one a member opened has closed. */
export const CLOSED_OPEN_CALL_NOTES: Record<ClosedOpenCall, string> = {
  taken: 'Someone else picked up that open call.',
  withdrawn: 'That open call was withdrawn by the person who posted it.',
  expired: 'That open call expired before anyone picked it up.',
};

export interface ClosedOpenCallInfo {
  reason: ClosedOpenCall;
  /** Its topic, for "other open calls on …". */
  skill: { slug: string; name: string };
}

/**
 * An open call this member could have picked up that has closed since (see
 * `closedOpenCallReason`), or null: for any other request, or anyone else, callers keep
 * answering as for a request that does not exist.
 */
export async function findClosedOpenCall(viewer: Viewer, id: string): Promise<ClosedOpenCallInfo | null> {
  if (!viewer) return null;
  const d = await repo.findRequestDetail(id);
  if (!d?.request.openCall || !d.request.requesterId || d.request.requesterId === viewer.id) return null;
  const blockedWithRequester = await blockedEitherWay(viewer.id, d.request.requesterId);
  const reason = closedOpenCallReason(d.request, viewer, { blockedWithRequester });
  return reason ? { reason, skill: { slug: d.skill.slug, name: d.skill.name } } : null;
}

/** Other open calls on the same topic, with a note saying why this one is gone. */
export function otherOpenCallsPath(closed: ClosedOpenCallInfo): string {
  return `/requests/open?topic=${encodeURIComponent(closed.skill.slug)}&closed=${closed.reason}`;
}

/** The answer to picking up an open call that has closed (409), pointing to the others. */
export function closedOpenCallError(closed: ClosedOpenCallInfo): AppError {
  return new AppError(
    'CONFLICT',
    `${CLOSED_OPEN_CALL_NOTES[closed.reason]} Other open calls on ${closed.skill.name}: ${otherOpenCallsPath(closed)}`,
  );
}
