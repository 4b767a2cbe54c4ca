import type { SkillCategory } from '#db/schema/skills.ts';

/** Category names as people read them, in the order /topics shows them. */
export const CATEGORY_LABELS: Record<SkillCategory, string> = {
  languages: 'Programming languages',
  frontend: 'Frontend',
  backend: 'Backend',
  mobile: 'Mobile',
  databases: 'Databases',
  cloud: 'Cloud',
  infrastructure: 'Infrastructure & DevOps',
  data: 'Data engineering',
  ai: 'AI & machine learning',
  testing: 'Testing',
  security: 'Security',
  practices: 'Practices & leadership',
  tools: 'Tools',
  design: 'Design',
  other: 'Added by members',
};

export interface TopicSummary {
  slug: string;
  name: string;
  emerging: boolean;
  members: number;
  teachers: number;
  learners: number;
  reverse: number;
}

export interface TopicGroup {
  category: SkillCategory;
  label: string;
  topics: TopicSummary[];
}

/** Topics grouped by category (catalogue order), busiest first within each. */
export function groupTopics(topics: (TopicSummary & { category: SkillCategory })[]): TopicGroup[] {
  const order = Object.keys(CATEGORY_LABELS) as SkillCategory[];
  return order
    .map((category) => ({
      category,
      label: CATEGORY_LABELS[category],
      topics: topics
        .filter((t) => t.category === category)
        .map(({ category: _c, ...t }) => t)
        .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name)),
    }))
    .filter((g) => g.topics.length > 0);
}

/** "3 people", "1 person". */
export function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}
