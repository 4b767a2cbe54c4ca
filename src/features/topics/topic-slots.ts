import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

/**
 * Extension point of a topic hub (/topics/<skill-slug>): the events, reading lists
 * and requests features add their sections here ("Upcoming events", "Reading lists",
 * "Open requests"). Each entry is an .astro component receiving `TopicSlotProps`
 * that renders nothing when it has nothing to show. Order in the array is order on the page.
 */
export interface TopicSlotProps {
  skill: { id: number; slug: string; name: string };
  viewer: { id: string; handle: string } | null;
}

export const TOPIC_SECTIONS: AstroComponentFactory[] = [];
