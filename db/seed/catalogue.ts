import type { SkillCategory } from '#db/schema/index.ts';
import catalogue from './skills.json' with { type: 'json' };

/** One technology of the curated skill catalogue. */
export interface CatalogueEntry {
  name: string;
  slug: string;
  category: SkillCategory;
  aliases: string[];
  emerging: boolean;
  description: string;
}

/**
 * The curated catalogue shipped in db/seed/skills.json: data only. The skills feature
 * brings the database in line with it at start-up (src/features/skills/catalogue-sync.ts).
 */
export function catalogueEntries(): CatalogueEntry[] {
  return catalogue as CatalogueEntry[];
}
