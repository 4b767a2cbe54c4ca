import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import type { Viewer } from '#features/members/viewer.ts';
import AskForHelp from '#features/requests/AskForHelp.astro';
import Responsiveness from '#features/requests/Responsiveness.astro';
import TrackRecord from '#features/requests/TrackRecord.astro';
import ProfileEvents from './ProfileEvents.astro';
import ProfileLists from './ProfileLists.astro';

/**
 * The sections other features add to the profile page (/people/<handle>), so they
 * plug in without editing the page. Each entry is an .astro component that receives
 * `ProfileSectionProps` and renders nothing when it has nothing to say (no empty
 * boxes). Order in the array is order on the page.
 */
export interface ProfileSectionProps {
  /** The member whose profile this is. */
  profile: {
    userId: string;
    handle: string;
    displayName: string;
    teaches: { slug: string; name: string }[];
    /** Ids of the skills they teach, and of all their skills. */
    teachesIds: number[];
    skillIds: number[];
  };
  /** Who is looking. */
  viewer: Viewer;
}

/**
 * In the sidebar under availability: "Ask for help on …" (ad-hoc, ongoing, reverse),
 * how the member answers requests, and their track record (sessions, endorsements).
 */
export const PROFILE_ASK_SECTIONS: AstroComponentFactory[] = [AskForHelp, Responsiveness, TrackRecord];

/** Below skills and bio: upcoming events on the member's topics, and their reading lists. */
export const PROFILE_RELATED_SECTIONS: AstroComponentFactory[] = [ProfileEvents, ProfileLists];
