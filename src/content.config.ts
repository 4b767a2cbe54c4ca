import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'zod';

/** The guides in content/guides: Markdown with a little frontmatter. */
const guides = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/guides' }),
  schema: z.object({
    title: z.string().max(120),
    description: z.string().max(200),
    order: z.number().int(),
    updated: z.coerce.date(),
  }),
});

export const collections = { guides };
