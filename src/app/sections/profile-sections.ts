import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import FollowCard from '#features/follows/FollowCard.astro';
import AskForHelp from '#features/requests/asking/AskForHelp.astro';
import Responsiveness from '#features/requests/outcomes/Responsiveness.astro';
import TrackRecord from '#features/requests/outcomes/TrackRecord.astro';
import ProfileEvents from './ProfileEvents.astro';
import ProfileLists from './ProfileLists.astro';

/*
 * The sections other features add to the profile page (/people/<handle>), so they
 * plug in without editing the page. Each entry is an .astro component that receives
 * `ProfileSectionProps` (section-props.ts) and renders nothing when it has nothing to
 * say (no empty boxes). Order in the array is order on the page.
 */

/** Beside the name, the profile's main action: "Ask <name> for help". */
export const PROFILE_ACTIONS: AstroComponentFactory[] = [AskForHelp];

/**
 * In the sidebar under availability: following the member and their topics, how the
 * member answers requests, and their track record (sessions, endorsements).
 */
export const PROFILE_ASK_SECTIONS: AstroComponentFactory[] = [FollowCard, Responsiveness, TrackRecord];

/** Below skills and bio: upcoming events on the member's topics, and their reading lists. */
export const PROFILE_RELATED_SECTIONS: AstroComponentFactory[] = [ProfileEvents, ProfileLists];

export type { ProfileSectionProps } from './section-props.ts';
