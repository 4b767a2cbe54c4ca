import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

/**
 * Extension points of the profile page (/people/<handle>), so other features add
 * sections without editing the page. Each entry is an .astro component that receives
 * `ProfileSlotProps` and renders nothing when it has nothing to say (no empty boxes).
 * Order in the array is order on the page.
 */
export interface ProfileSlotProps {
  /** The member whose profile this is. */
  profile: { userId: string; handle: string; displayName: string; teaches: { slug: string; name: string }[]; skillSlugs: string[] };
  /** Who is looking: a signed-in member or null for a visitor. */
  viewer: { id: string; handle: string } | null;
}

/**
 * In the sidebar under availability: the requests feature adds "Ask for help on …"
 * (ad-hoc, ongoing, reverse) and the member's track record (completed sessions, endorsements).
 */
export const PROFILE_ASK_SECTIONS: AstroComponentFactory[] = [];

/** Below skills and bio: the events feature adds "Upcoming events on these topics", lists add reading lists. */
export const PROFILE_RELATED_SECTIONS: AstroComponentFactory[] = [];
