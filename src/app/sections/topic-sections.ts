import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import type { Viewer } from '#features/members/viewer.ts';
import OpenCallsForTopic from '#features/requests/OpenCallsForTopic.astro';
import TopicEvents from './TopicEvents.astro';
import TopicLists from './TopicLists.astro';

/**
 * The sections other features add to a topic hub (/topics/<skill-slug>): open requests
 * on the topic, upcoming events and reading lists. Each entry is an .astro component
 * receiving `TopicSectionProps` that renders nothing when it has nothing to show.
 * Order in the array is order on the page.
 */
export interface TopicSectionProps {
  skill: { id: number; slug: string; name: string };
  viewer: Viewer;
}

export const TOPIC_SECTIONS: AstroComponentFactory[] = [OpenCallsForTopic, TopicEvents, TopicLists];
