import type { Viewer } from '#features/members/viewer.ts';
import { visibleTo } from '#features/members/visibility.ts';
import * as repo from './community.repo.ts';

/** What the home page shows: real activity, scoped to what the viewer may see. */
export async function getCommunityOverview(viewer: Viewer) {
  const visibilities = visibleTo(viewer);
  const [recent, popular, counts] = await Promise.all([
    repo.recentMembers(visibilities, 8),
    repo.popularSkills(visibilities, 24),
    repo.communityCounts(),
  ]);
  return { recent, popular, counts };
}
