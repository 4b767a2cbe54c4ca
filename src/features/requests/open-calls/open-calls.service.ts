import { blockedEitherWayIds } from '#features/members/members.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { teachableSkills } from '#features/profiles/member-skills.service.ts';
import * as repo from '#features/requests/requests.repo.ts';
import { loadForViewer, zoneOfMember } from '#features/requests/requests.service.ts';
import { findSkillByTopic } from '#features/skills/skills.service.ts';
import { isAppError } from '#server/errors.ts';

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
