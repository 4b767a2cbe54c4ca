import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import OpenCallsForTopic from '#features/requests/open-calls/OpenCallsForTopic.astro';
import TopicEvents from './TopicEvents.astro';
import TopicLists from './TopicLists.astro';

/**
 * The sections other features add to a topic hub (/topics/<skill-slug>): open requests
 * on the topic, upcoming events and reading lists. Each entry is an .astro component
 * receiving `TopicSectionProps` (section-props.ts) that renders nothing when it has nothing to show.
 * Order in the array is order on the page.
 */
export const TOPIC_SECTIONS: AstroComponentFactory[] = [OpenCallsForTopic, TopicEvents, TopicLists];

export type { TopicSectionProps } from './section-props.ts';
