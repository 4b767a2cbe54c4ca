import type { MemberRow } from '#features/members/members.service.ts';
import type { Viewer } from '#features/members/viewer.ts';

/** What every profile-page section receives (src/app/sections/profile-sections.ts). */
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
    /** The member as the page read them, so a section need not read them again. */
    member?: MemberRow;
  };
  /** Who is looking. */
  viewer: Viewer;
}

/** What every topic-hub section receives (src/app/sections/topic-sections.ts). */
export interface TopicSectionProps {
  skill: { id: number; slug: string; name: string };
  viewer: Viewer;
}
