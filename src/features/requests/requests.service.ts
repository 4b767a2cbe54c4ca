import { blockedEitherWay, memberZone } from '#features/members/members.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { hasOpenReportOnRequest } from '#features/reports/reports.service.ts';
import { notFound } from '#server/errors.ts';
import { type ViewerRole, viewerRole } from './request-access.ts';
import * as repo from './requests.repo.ts';

/**
 * Loads a request for someone and says how they relate to it. Anyone who may not see
 * it gets the same NOT_FOUND as for an id that does not exist.
 */
export async function loadForViewer(
  id: string,
  viewer: Viewer,
): Promise<{ detail: repo.RequestDetail; role: ViewerRole }> {
  const detail = viewer ? await repo.findRequestDetail(id) : undefined;
  if (!detail || !viewer) throw notFound('That request does not exist, or it is private.');
  const r = detail.request;
  const isParticipant = viewer.id === r.requesterId || viewer.id === r.recipientId;
  const [hasOpenReport, blockedWithRequester] = isParticipant
    ? [false, false]
    : await Promise.all([
        viewer.role === 'member' ? false : hasOpenReportOnRequest(id),
        r.openCall && r.recipientId === null && r.requesterId ? blockedEitherWay(viewer.id, r.requesterId) : false,
      ]);
  const role = viewerRole(r, viewer, { hasOpenReport, blockedWithRequester });
  if (!role) throw notFound('That request does not exist, or it is private.');
  return { detail, role };
}

/** The member's own time zone, which every time on the request pages is shown in. */
export async function zoneOfMember(userId: string): Promise<string> {
  return (await memberZone({ id: userId })) ?? 'UTC';
}

/** Start-up fix-up of requests stored under an older shape (see `upgradeLegacyReverseKind`). */
export function upgradeStoredRequests(): Promise<number> {
  return repo.upgradeLegacyReverseKind();
}
